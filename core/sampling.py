"""The Monte Carlo's random numbers: seeded, keyed per field, antithetic.

Every random input has its own stream, keyed by ``(seed, stream, field code)`` (a block's stream is its
index), so an edit changes the draws of the field it touches and of no other (common random numbers:
a chart's fan moves only because the pitch changed).

Sample ``j`` and sample ``j + half(n)`` are an antithetic pair: the second uses ``-z`` where the first uses
the standard normal ``z``, and ``1 - u`` where it uses the uniform ``u``. Each sample on its own is drawn
from exactly the distribution of docs/contract.md section 1 (``-z`` is a standard normal, ``1 - u`` a
uniform); the pairs are negatively correlated, and since the required drop and the arrival time are
monotone in every input, the estimates' standard error is no larger than that of independent draws, from
half the random numbers (``benchmarks/bench_core.py`` measures both).

The normals come from the Box-Muller transform of raw PCG64 words, in float32: two normals from one
64-bit word, about twice as fast as numpy's ziggurat, exact to float32 rounding (about 1e-7 relative,
far below any sampling error). ``|z|`` is at most 5.77 (the smallest 23-bit uniform, 2**-24, gives
sqrt(2 ln 2**24)): the normal's tails beyond it hold a probability of 8e-9.

Large arrays are written into buffers the caller keeps (``out``, ``scratch``): glibc maps every fresh
array above 128 KiB anew, and at 200,000 samples the page faults of fresh temporaries cost more than the
arithmetic.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from core.pitch import Z90

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]

# Draws of runs up to this many samples are cached (the desktop's 20,000-sample runs reuse them on every
# edit); a bigger run is a one-off from the command line, whose draws would only hold memory.
CACHE_SAMPLES = 100_000
_CACHE_SIZE = 512
# Raw words are drawn 8,192 at a time: 64 KiB temporaries, which malloc recycles without page faults.
_WORDS_PER_CALL = 8192

_U23 = np.float32(2.0**-23)
_TWO_PI_U24 = np.float32(2.0 * math.pi * 2.0**-24)
_TOP23 = np.uint64(41)
_MASK23 = np.uint64(0x7FFFFF)
_MASK24 = np.uint64(0xFFFFFF)
# exp() of a float32 argument beyond about +-87 overflows: wider spreads are drawn in float64.
_F32_SAFE_SPREAD = 60.0


def half(samples: int) -> int:
    """The number of independent draws behind ``samples`` antithetic samples."""
    return (samples + 1) // 2


def _words_needed(samples: int) -> int:
    return (half(samples) + 1) // 2  # each 64-bit word gives two draws


def _generator(seed: int, stream: int, code: int, sub: int) -> np.random.PCG64:
    key = [seed, stream, code] if sub == 0 else [seed, stream, code, sub]
    return np.random.PCG64(np.random.SeedSequence(key))


def _fill_normals(seed: int, stream: int, code: int, out: F32) -> float:
    """Fill ``out`` (even length) with standard normals; return a bound on their magnitude."""
    bg = _generator(seed, stream, code, 0)
    words = out.size // 2
    r_max = 0.0
    for start in range(0, words, _WORDS_PER_CALL):
        w = bg.random_raw(min(_WORDS_PER_CALL, words - start))
        # u in (0, 1) from the top 23 bits ((k + 0.5) * 2**-23), the angle from the next 24
        r = (w >> _TOP23).astype(np.float32)
        r += np.float32(0.5)
        r *= _U23
        np.log(r, out=r)
        r *= np.float32(-2.0)
        np.sqrt(r, out=r)
        theta = ((w >> np.uint64(17)) & _MASK24).astype(np.float32)
        theta *= _TWO_PI_U24
        pair = out[2 * start : 2 * (start + w.size)]
        np.cos(theta, out=pair[0::2])
        np.sin(theta, out=pair[1::2])
        pair[0::2] *= r
        pair[1::2] *= r
        r_max = max(r_max, float(r.max()))
    return r_max


def _fill_uniforms(seed: int, stream: int, code: int, out: F32) -> None:
    """Fill ``out`` (even length) with uniforms (k + 0.5) * 2**-23 on (0, 1); 1 - u is exact in float32."""
    bg = _generator(seed, stream, code, 1)
    words = out.size // 2
    for start in range(0, words, _WORDS_PER_CALL):
        w = bg.random_raw(min(_WORDS_PER_CALL, words - start))
        pair = out[2 * start : 2 * (start + w.size)]
        pair[0::2] = w >> _TOP23
        pair[1::2] = (w >> np.uint64(9)) & _MASK23
    out += np.float32(0.5)
    out *= _U23


@lru_cache(maxsize=_CACHE_SIZE)
def _cached_normals(seed: int, samples: int, stream: int, code: int) -> tuple[F32, float]:
    z = np.empty(2 * _words_needed(samples), dtype=np.float32)
    z_max = _fill_normals(seed, stream, code, z)
    z = z[: half(samples)]
    z.setflags(write=False)
    return z, z_max


@lru_cache(maxsize=_CACHE_SIZE)
def _cached_uniforms(seed: int, samples: int, stream: int, code: int) -> F32:
    u = np.empty(2 * _words_needed(samples), dtype=np.float32)
    _fill_uniforms(seed, stream, code, u)
    u = u[: half(samples)]
    u.setflags(write=False)
    return u


class Scratch:
    """Buffers reused by every draw of one Monte Carlo run (``samples`` long, or half as long)."""

    def __init__(self, samples: int) -> None:
        self.samples = samples
        words = _words_needed(samples)
        self._draws = np.empty(2 * words, dtype=np.float32)  # the stream's normals or uniforms
        self.work = np.empty(2 * words, dtype=np.float32)

    def normals(self, seed: int, stream: int, code: int) -> tuple[F32, float]:
        """The stream's ``half(samples)`` standard normals and a bound on their magnitude."""
        if self.samples <= CACHE_SAMPLES:
            return _cached_normals(seed, self.samples, stream, code)
        z_max = _fill_normals(seed, stream, code, self._draws)
        return self._draws[: half(self.samples)], z_max

    def uniforms(self, seed: int, stream: int, code: int) -> F32:
        """The stream's ``half(samples)`` uniforms on (0, 1)."""
        if self.samples <= CACHE_SAMPLES:
            return _cached_uniforms(seed, self.samples, stream, code)
        _fill_uniforms(seed, stream, code, self._draws)
        return self._draws[: half(self.samples)]


def clear_cache() -> None:
    """Forget every cached draw (the benchmark's cold runs)."""
    _cached_normals.cache_clear()
    _cached_uniforms.cache_clear()


def lognormal(
    low: float,
    high: float,
    bounds: tuple[float, float],
    key: tuple[int, int, int],
    scratch: Scratch,
    out: F64,
) -> F64:
    """Fill ``out`` with draws of the lognormal whose 5th and 95th percentiles are ``low`` and ``high``,
    clipped to ``bounds`` (docs/contract.md section 1: a positive quantity's 90% interval)."""
    seed, stream, code = key
    n = out.size
    z, z_max = scratch.normals(seed, stream, code)
    m = z.size
    mu = (math.log(low) + math.log(high)) / 2
    sigma = (math.log(high) - math.log(low)) / (2 * Z90)
    spread = sigma * z_max
    if spread < _F32_SAFE_SPREAD:
        # exp(sigma z) in float32 (a small argument: relative error ~1e-7), scaled by the median exp(mu) in
        # float64 (the median may be anywhere from 1e-300 to 1e12); the antithetic draw is its reciprocal.
        median = math.exp(mu)
        y = scratch.work[:m]
        np.multiply(z, np.float32(sigma), out=y)
        np.exp(y, out=y)
        np.multiply(y, median, out=out[:m], dtype=np.float64)
        np.reciprocal(y, out=y)
        np.multiply(y[: n - m], median, out=out[m:], dtype=np.float64)
    else:
        y64 = out[:m]
        np.multiply(z, sigma, out=y64, dtype=np.float64)
        np.subtract(mu, y64[: n - m], out=out[m:])
        np.exp(out[m:], out=out[m:])
        y64 += mu
        np.exp(y64, out=y64)
    lo, hi = bounds
    # Clip only when a draw can reach a bound (|z| <= z_max); the margin covers float32 rounding.
    if mu - spread < (math.log(lo) if lo > 0 else -math.inf) + 1e-5 or mu + spread > math.log(hi) - 1e-5:
        np.clip(out, lo, hi, out=out)
    return out


def uniform(low: float, high: float, key: tuple[int, int, int], scratch: Scratch, out: F64) -> F64:
    """Fill ``out`` with draws uniform on [low, high] (docs/contract.md section 1: a fraction's interval)."""
    u = scratch.uniforms(*key)
    _antithetic_affine(u, low, high - low, scratch, out)
    return out


def log_uniform_log(low: float, high: float, key: tuple[int, int, int], scratch: Scratch, out: F64) -> F64:
    """Fill ``out`` with ``ln x`` for draws of ``x`` log-uniform on [low, high] (the decline factor)."""
    a, b = math.log(low), math.log(high)
    _antithetic_affine(scratch.uniforms(*key), a, b - a, scratch, out)
    return out


def _antithetic_affine(u: F32, start: float, width: float, scratch: Scratch, out: F64) -> None:
    """out = start + width * [u, 1 - u] (the second part cut to the samples)."""
    n, m = out.size, u.size
    np.multiply(u, width, out=out[:m], dtype=np.float64)
    v = scratch.work[: n - m]
    np.subtract(np.float32(1.0), u[: n - m], out=v)
    np.multiply(v, width, out=out[m:], dtype=np.float64)
    out += start
