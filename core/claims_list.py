"""The seed essay's quantitative claims C1-C10 as written, and the tolerances that test them.

Data only: each :class:`~core.claim_verdicts.Claim` with the essay's words, where they are, its figures and
how the app tests it; the readings' constants (``ROUGHLY``, the C2 blend, C4's shares, C1's thresholds, C9's
fleet). :mod:`core.claims` computes every figure and verdict from them.
"""

from __future__ import annotations

from core.claim_verdicts import Claim
from core.history_analysis import GPT4_LEVEL

ESSAY = "seed essay 'Compute Is the Root of Everything'"

# "roughly X": within a factor of 2 of X (C3's ~10x a year: 5-20x; C8's 60x: 30-120x).
ROUGHLY = 2.0
# C2: the fitted yearly decline must be within this of the stated 79%.
C2_TOLERANCE = 0.02
# C2: Ng's blend. 80% input / 20% output reproduces both of his figures from the list prices
# (0.8 x $30 + 0.2 x $60 = $36; 0.8 x $2.50 + 0.2 x $10 = $4); Epoch's 3:1 blend gives $37.50 and $4.38.
NG_INPUT_SHARE = 0.8
# C4: "a rounding error" read as at most this share of the subscription price; 5% is the example's reading,
# shown first, then 1% and 10%.
ROUNDING_ERROR_SHARE = 0.05
ROUNDING_ERROR_SHARES = (ROUNDING_ERROR_SHARE, 0.01, 0.10)
# C1: "economically insane" read as a required drop above 100x (the verdict 'beyond the horizon'), or above 10x.
INSANE_DROPS = (100.0, 10.0)
# C8: "roughly $0.50/MTok" and "a 60x reduction" (GPT-4's $30 launch input price / $0.50 = 60).
C8_PRICE = 0.50
C8_REDUCTION = 60.0
# C9: the seed's fleet (docs/contract.md 6.2): 100 H100s, $3M to buy, $8.6M over 5 years, 70% utilisation,
# DeepSeek's published per-GPU throughput (resources/throughput.csv, deepseek-v3-r1-h800-production-2025-02,
# input rounded to 9,000 as in the contract's example).
C9_FLEET = {
    "id": "seed-fleet",
    "name": "100 x H100, owned (the seed essay's TCO model)",
    "gpu": "H100 SXM",
    "ownership": {"gpus": 100.0, "total_cost_usd": 8.6e6, "years": 5.0, "purchase_usd": 3e6},
    "utilisation": 0.7,
    "input_tokens_per_second_per_gpu": 9000.0,
    "output_tokens_per_second_per_gpu": 1850.0,
    "source": "seed essay; DeepSeek open-infra-index day 6 (2025-02-28)",
}
C9_SHARE_BAND = (0.345, 0.405)  # rounds to 35%..40%


_AGENTIC = (
    "One agentic coding session = 61 calls (40 main-loop calls of 30,000 input / 800 output tokens, 80% cache "
    "reads and 10% cache writes; 20 sub-agent calls of 15,000 / 500; one self-review of 20,000 / 1,500); "
    "28.6 sessions a day (200 a week), 30 days; a $200/month power-user plan, 3% card fee, 60% target margin. "
    "GPT-4 on 2023-03-14 ($30/$60, no caching then); Claude Sonnet 4.6 and gpt-4o-mini ($0.15/$0.60, the flash "
    "tier) on 2026-03-23."
)
_COMPANION = (
    "Same companion in both files: 192 background passes a day (4,000 input / 300 output tokens), 60 chat "
    "turns (6,000 / 150), 3 nightly memory calls (6,000 / 800), half of the input cached, 30 days; a $9.99 "
    "plan, 15% app-store fee, 60% target margin. 2023: openai:gpt-4 at $30/$60; 2026: openai:gpt-4o-mini "
    "at $0.15/$0.60."
)
_SUPER = (
    "Ten agents around the clock: 240 agent-hours a day x 60 calls of 30,000 input (80% cache reads, 10% "
    "writes) / 800 output tokens, 30 days; one junior engineer = $7,000/month, ten = $70,000; no margin "
    "(raw API cost against salaries). Opus 4 at $15/$75, Sonnet 4.6 at $3/$15, both on 2026-03-23."
)
_HISTORY = (
    "Prices from the bundled history (resources/price_history.csv) in Epoch AI's 3:1 input:output blend; a "
    "capability level is an MMLU threshold; the price of a level on a date is its cheapest model's; a rate is "
    "a least-squares fit on log price of the level's price changes (core/history_analysis.py)."
)

CLAIMS: tuple[Claim, ...] = (
    Claim(
        "C1",
        "Agents: insane at GPT-4, viable at Sonnet 4.6 for power users, at flash for everyone",
        "When GPT-4 launched at $30 per million input tokens and $60 output, running an agent loop was "
        "economically insane. [...] At Claude Sonnet 4.6 pricing ($3/$15), it's viable for power users. At "
        "flash-tier pricing ($0.15-0.25), it's viable for everyone.",
        f"{ESSAY}, on agents",
        "GPT-4 $30/$60; Sonnet 4.6 $3/$15; flash tier $0.15-0.25",
        "The three examples share one session and one usage. All three statements must hold at one usage: "
        "GPT-4's required drop above the 'insane' threshold, Sonnet 4.6 and the flash tier within the $200 plan's "
        "budget (a necessary condition for 'everyone'). Usage is not in the essay ('hundreds of times a week' is "
        "the author's own count, of sessions of unstated size): the condition is the sessions a week of the "
        "example's session for which all three hold.",
        _AGENTIC,
        (
            "agentic-coding-gpt4-2023.pitch.json",
            "agentic-coding-sonnet-4-6.pitch.json",
            "agentic-coding-flash.pitch.json",
        ),
    ),
    Claim(
        "C2",
        "GPT-4's blended price: $36 -> $4 in 17 months, 79% a year",
        "Andrew Ng calculated that GPT-4's blended token price fell from $36/MTok to $4 in just 17 months "
        "— a 79% annual decline.",
        f"{ESSAY}, on agents (quoting Andrew Ng)",
        "$36 -> $4 in 17 months; 79% a year",
        "From the bundled price history: GPT-4 (gpt-4-0314, 2023-03-14) and GPT-4o (gpt-4o-2024-08-06, "
        f"2024-08-06). Holds if the yearly decline fitted to the two prices is 79% within {C2_TOLERANCE:.0%} "
        "points; the condition is the span of months over which $36 -> $4 gives that.",
        "List prices from the bundled history (LiteLLM's price table, Epoch AI); the fit is least squares on log "
        "price over the two dates, a year being 365.25 days.",
    ),
    Claim(
        "C3",
        "LLMflation: ~10x cheaper a year at equal capability",
        'a16z calls this phenomenon "LLMflation": inference costs for equivalent capability dropping roughly '
        "10x per year.",
        f"{ESSAY}, on agents (quoting a16z)",
        "~10x a year",
        f"The yearly rate fitted to the cheapest price of a capability level over the bundled history, for "
        f"a16z's own level (MMLU >= 42), GPT-4's (MMLU >= 86) and one between; 'roughly 10x' = within a factor "
        f"of {ROUGHLY:g} (5-20x a year).",
        _HISTORY,
    ),
    Claim(
        "C4",
        "A companion: $100+/month at 2023 prices, a rounding error at 2026 prices",
        "At 2023 prices, this was $100+/month per user in raw API costs. At 2026 prices, it's a rounding error.",
        f"{ESSAY}, on AI companions",
        "$100+ a month (2023); a rounding error (2026)",
        "Both halves at one usage: the 2023 cost per user-month at least $100 and the 2026 cost at most "
        f"{ROUNDING_ERROR_SHARE:.0%} of the $9.99 price (the example's reading of 'a rounding error'; 1% and 10% "
        "shown too). Usage is not in the essay: the condition is the 2023 cost (the usage) for which both hold.",
        _COMPANION,
        ("companion-2023.pitch.json", "companion-2026.pitch.json"),
    ),
    Claim(
        "C5",
        "Ten agents: at $75/MTok output dearer than the humans, at $3/MTok cheaper than one junior",
        "At $75/MTok output, this costs more than hiring the humans. At $3/MTok, it costs less than a single "
        "junior engineer's salary.",
        f"{ESSAY}, on the super individual",
        "$75/MTok output: more than ten engineers; $3/MTok: less than one ($7,000 a month)",
        "Both halves at one usage: the ten agents' monthly cost above ten salaries ($70,000) at Opus 4's $15/$75, "
        "and below one ($7,000) at '$3/MTok'. Read as Sonnet 4.6's $3 input price ($3/$15), or as a $3 output "
        "price (every Opus price x 3/75: $0.60/$3). The condition is the usage (calls per agent-hour) for which "
        "both hold.",
        _SUPER,
        ("super-individual-opus.pitch.json", "super-individual-sonnet.pitch.json"),
    ),
    Claim(
        "C6",
        "The rule: one more order of magnitude is 18-24 months away",
        'If the answer is "current prices," it should already exist [...] If the answer is "one more order of '
        'magnitude," it\'s probably 18-24 months away. If the answer is "two more orders of magnitude," it\'s '
        "interesting but premature.",
        f"{ESSAY}, one thread through everything",
        "10x away = 18-24 months",
        "A 10x drop arrives in 12 / log10(k) months at k-times cheaper a year (the verdict bands and arrival "
        "windows, contract sections 2-3). It is 18-24 months exactly when k is between 10^(1/2) = 3.16 and "
        "10^(2/3) = 4.64 a year (the essay's own C7 rate); shown under every built-in scenario.",
        "The built-in decline scenarios (resources/decline_rates.csv) and the rate fitted to the GPT-4 level in the "
        "bundled history.",
    ),
    Claim(
        "C7",
        "Compute costs fall 10x every 18-24 months (supply may throttle it)",
        "compute costs will continue dropping at roughly an order of magnitude every 18-24 months [...] Though "
        "GPU supply constraints may throttle the pace",
        f"{ESSAY}, why both layers",
        "10x every 18-24 months (3.16-4.64x a year)",
        "The months per 10x of measured rates: the price of GPT-4-level capability fitted over the bundled "
        "history, Andrew Ng's GPT-4 decline, Epoch AI's GPT-4-level MMLU rate, and GPU price-performance alone "
        "(hardware); and the supply-constrained scenario (the essay's 'governor').",
        "resources/decline_rates.csv; " + _HISTORY,
    ),
    Claim(
        "C8",
        "GPT-4-level capability at ~$0.50/MTok by early 2026: 60x cheaper",
        "By early 2026, GPT-4-level capability is available at roughly $0.50/MTok — a 60x reduction.",
        f"{ESSAY}, on the model layer",
        "$0.50/MTok; 60x (GPT-4's $30 input / $0.50 = 60; a16z: 62x at MMLU 83)",
        f"GPT-4 level = MMLU >= {GPT4_LEVEL.threshold:g} (GPT-4 scored 86). 'Early 2026' = the essay's date "
        f"2026-03-23. Three readings: 60x as the size of the drop of the input price ($30 -> the cheapest input "
        f"price), or of the 3:1 blend ($37.50 -> the cheapest blend), each 'roughly' (within a factor of "
        f"{ROUGHLY:g}); or 60x as a floor (at least 60x, at most $0.50).",
        _HISTORY,
    ),
    Claim(
        "C9",
        "100 H100s: $3M to buy, $8.6M to own for 5 years; GPUs 35-40% of the cost",
        "A 5-year TCO model shows that 100 H100s cost $3M to purchase but $8.6M in total ownership — the GPUs "
        "are just 35% of the real cost. [GPUs account for roughly 40% of total cluster cost.]",
        f"{ESSAY}, models depreciate, infrastructure appreciates",
        "$3M, $8.6M, 35% (40% per Aschenbrenner)",
        "The seed's fleet as a self-hosted deployment (core/deployments.py): GPU-hour = $8.6M / (100 x 5 x "
        "8,766 h), the GPU share = $3M / $8.6M, the paid hour at 70% utilisation, and its price per million "
        "tokens at DeepSeek's published throughput. Holds if the share rounds to 35-40%.",
        "docs/contract.md 6.2 (the seed's figures); resources/throughput.csv (DeepSeek's production statistics).",
    ),
    Claim(
        "C10",
        "5-10x a year at equal capability; 40-900x for commodity tiers (arXiv 2511.23455)",
        "Research confirms the pace: equivalent-capability inference costs decline 5-10x per year, with fully "
        "commoditized performance tiers dropping 40-900x (ArXiv 2511.23455).",
        f"{ESSAY}, on the model layer",
        "5-10x a year; 40-900x; both cited to arXiv 2511.23455",
        "Two statements, each checked against its cited source (resources/decline_rates.csv), with the rates the "
        "bundled history gives for comparison.",
        "arXiv 2511.23455 'The Price of Progress' (frontier: 5-10x a year); Epoch AI's data insight of 2025-03-12 "
        "(9-900x a year across capability levels, median 46x over 21 fits). " + _HISTORY,
    ),
)
