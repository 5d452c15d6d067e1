"""The block library: the seed essay's building blocks with documented default profiles.

Each template is a starting point a user then edits; its ``basis`` says where every default comes from,
so a user can judge it. Token counts are typical orders of magnitude, not measurements of one product.
Voice minutes and images are priced per call with ``per_call_usd`` (what providers bill), not faked as
tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.pitch import FeatureBlock

DEFAULT_MODEL = "openai:gpt-4o-mini"
FRONTIER_MODEL = "anthropic:claude-sonnet-4-6"


@dataclass(frozen=True)
class BlockTemplate:
    """A named starting block and the reasoning behind its defaults."""

    key: str
    title: str
    summary: str  # one line for the library list
    basis: str  # where the defaults come from
    block: dict[str, Any] = field(default_factory=dict)

    def make(self, name: str | None = None) -> FeatureBlock:
        """A new validated block from this template."""
        return FeatureBlock.model_validate({"name": name or self.title, **self.block})


TEMPLATES: tuple[BlockTemplate, ...] = (
    BlockTemplate(
        "chat_turn",
        "Chat turn",
        "One user message and one reply, with the conversation as context.",
        "2,000 input tokens (system prompt + recent history), 300 output tokens (a few paragraphs); "
        "20 messages a day for an engaged user; half the prompt cached (a stable system prompt).",
        {
            "model": DEFAULT_MODEL,
            "input_tokens": 2000,
            "output_tokens": 300,
            "cached_input_fraction": 0.5,
            "calls_per_action": 1,
            "actions_per_day": 20,
            "ranges": {"actions_per_day": [5, 60]},
        },
    ),
    BlockTemplate(
        "agent_loop",
        "Agent loop",
        "A task solved by dozens of model calls that read context, act and iterate.",
        "The essay: an agentic session 'spawns dozens to hundreds of inference calls'. 40 calls per task, "
        "each re-reading ~20,000 tokens of context (70% cache hits) and writing 800 tokens; 5 tasks a day.",
        {
            "model": FRONTIER_MODEL,
            "input_tokens": 20000,
            "output_tokens": 800,
            "cached_input_fraction": 0.7,
            "calls_per_action": 40,
            "actions_per_day": 5,
            "ranges": {"calls_per_action": [15, 120], "actions_per_day": [1, 15]},
        },
    ),
    BlockTemplate(
        "subagent_fanout",
        "Sub-agent fan-out",
        "A task split across parallel sub-agents, each with its own context.",
        "The essay: the agent 'spawns sub-agents'. 5 sub-agents x 10 calls each per task, 8,000 input and "
        "600 output tokens a call, on a cheaper model; 3 tasks a day.",
        {
            "model": DEFAULT_MODEL,
            "input_tokens": 8000,
            "output_tokens": 600,
            "cached_input_fraction": 0.5,
            "calls_per_action": 50,
            "actions_per_day": 3,
            "ranges": {"calls_per_action": [20, 150]},
        },
    ),
    BlockTemplate(
        "self_review",
        "Self-review pass",
        "The model re-reads its own output and critiques or fixes it.",
        "The essay: the agent 'reviews its own output'. One review call per answer reading 6,000 tokens "
        "and writing 400, with 1,000 reasoning tokens; 10 answers a day.",
        {
            "model": FRONTIER_MODEL,
            "input_tokens": 6000,
            "output_tokens": 400,
            "reasoning_tokens": 1000,
            "calls_per_action": 1,
            "actions_per_day": 10,
        },
    ),
    BlockTemplate(
        "background",
        "Background understanding",
        "Always-on inference that builds a model of the user from context and history.",
        "The essay: a companion 'needs to process your context constantly ... in the background'. One call "
        "every 15 minutes around the clock (96 a day), 8,000 tokens of context (half cached), 500 out.",
        {
            "model": DEFAULT_MODEL,
            "input_tokens": 8000,
            "output_tokens": 500,
            "cached_input_fraction": 0.5,
            "calls_per_action": 1,
            "actions_per_day": 96,
            "ranges": {"actions_per_day": [24, 288]},
        },
    ),
    BlockTemplate(
        "nudge",
        "Proactive nudge",
        "The product decides whether to reach out first, and drafts the message.",
        "A check every hour while the user is awake (16 a day) over 3,000 tokens of recent context, "
        "writing 150 tokens.",
        {
            "model": DEFAULT_MODEL,
            "input_tokens": 3000,
            "output_tokens": 150,
            "calls_per_action": 1,
            "actions_per_day": 16,
        },
    ),
    BlockTemplate(
        "rag_answer",
        "RAG answer",
        "An answer grounded in retrieved documents.",
        "10 retrieved chunks of ~500 tokens plus the question (6,000 input tokens), a 400-token answer; "
        "10 questions a day.",
        {
            "model": DEFAULT_MODEL,
            "input_tokens": 6000,
            "output_tokens": 400,
            "calls_per_action": 1,
            "actions_per_day": 10,
        },
    ),
    BlockTemplate(
        "voice_minute",
        "Voice conversation minute",
        "A minute of speech-to-speech conversation, priced per audio minute.",
        "Priced per minute, not as tokens: $0.03 a minute is a realtime mini model's audio rate "
        "(~600 audio tokens in at $10/MTok + ~1,200 out at $20/MTok, openai:gpt-realtime-mini in "
        "genai-prices 0.2.3). 10 minutes a day.",
        {
            "price": {"input_per_mtok": 0, "output_per_mtok": 0},
            "input_tokens": 0,
            "output_tokens": 0,
            "per_call_usd": 0.03,
            "calls_per_action": 1,
            "actions_per_day": 10,
            "ranges": {"actions_per_day": [2, 30]},
        },
    ),
    BlockTemplate(
        "image",
        "Image generation",
        "One generated image, priced per image.",
        "$0.04 per image: a standard 1024x1024 image from a current image model (OpenAI's published "
        "per-image price for DALL-E 3 standard quality). 3 images a day.",
        {
            "price": {"input_per_mtok": 0, "output_per_mtok": 0},
            "input_tokens": 0,
            "output_tokens": 0,
            "per_call_usd": 0.04,
            "calls_per_action": 1,
            "actions_per_day": 3,
        },
    ),
    BlockTemplate(
        "tool_building",
        "Custom tool-building session",
        "A non-developer iterating with an agent for an hour to build their own tool.",
        "The essay: 'iterate for an hour ... burns hundreds of inference calls'. 200 calls per session, "
        "15,000 input tokens (70% cached), 1,000 output; one session a week (0.14 a day).",
        {
            "model": FRONTIER_MODEL,
            "input_tokens": 15000,
            "output_tokens": 1000,
            "cached_input_fraction": 0.7,
            "calls_per_action": 200,
            "actions_per_day": 0.14,
            "ranges": {"calls_per_action": [100, 500]},
        },
    ),
    BlockTemplate(
        "ten_agents",
        "Ten parallel agents",
        "The super individual: ten agents working continuously on a business.",
        "The essay: 'ten simultaneous inference streams, running continuously'. 10 agents x 60 calls an "
        "hour x 10 working hours = 6,000 calls a day, 10,000 input tokens (60% cached) and 1,000 output.",
        {
            "model": FRONTIER_MODEL,
            "input_tokens": 10000,
            "output_tokens": 1000,
            "cached_input_fraction": 0.6,
            "calls_per_action": 10,
            "actions_per_day": 600,
            "ranges": {"actions_per_day": [200, 1440]},
        },
    ),
)


def template(key: str) -> BlockTemplate:
    """The template with this key."""
    for t in TEMPLATES:
        if t.key == key:
            return t
    raise KeyError(key)
