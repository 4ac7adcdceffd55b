"""Dropout in training mode, judged by its mask's statistics: random masks never match Keras's."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .compare import compare

SAMPLE_ROWS = 64
SIGMAS = 6.0


def check(apply: Callable[[np.ndarray], np.ndarray], shape: tuple[int, ...], rate: float) -> dict:
    """`apply` runs the layer in training mode on a strictly positive input of `shape` (no batch).
    Axes along which the mask never varies count as sharing one draw (a noise_shape, SpatialDropout), so
    the dropped fraction is judged over the independent draws; noise_stats checks which axes those are."""
    rng = np.random.default_rng(7)
    x = rng.uniform(1, 2, (SAMPLE_ROWS, *shape)).astype(np.float32)
    y = np.asarray(apply(x))
    if y.shape != x.shape:
        return {"ok": False, "check": "shape", "problem": f"training output shape {y.shape} != input {x.shape}"}
    dropped = y == 0
    shared = tuple(
        axis for axis in range(1, dropped.ndim)
        if dropped.shape[axis] > 1 and np.array_equal(dropped.all(axis=axis), dropped.any(axis=axis))
    )
    units = dropped.any(axis=shared) if shared else dropped
    fraction = float(units.mean())
    sigma = (rate * (1 - rate) / units.size) ** 0.5
    result = {"ok": False, "rate": rate, "fraction_zeroed": fraction, "problem": None}
    if abs(fraction - rate) > SIGMAS * sigma + 1e-12:
        result["problem"] = f"fraction zeroed {fraction:.4f}, expected {rate} ± {SIGMAS * sigma:.4f}"
        return result
    kept = compare(x[~dropped] / np.float32(1 - rate), y[~dropped])
    if not kept["ok"]:
        result["problem"] = f"kept values are not x / (1 - rate): {kept['problem']}"
        return result
    result["ok"] = True
    return result
