"""Seeded random weights and inputs: every variable U(-1, 1); inputs U(-2, 2), scaled up, and with
NaN/Inf planted (one kind per batch row, so the other rows still carry finite numbers)."""
from __future__ import annotations

import numpy as np

WEIGHT_SEED = 1234
INPUT_SEED = 99
BATCH = 3
LARGE = 1e4


def random_weights(shapes_and_dtypes: list[tuple[tuple[int, ...], str]]) -> list[np.ndarray]:
    rng = np.random.default_rng(WEIGHT_SEED)
    return [rng.uniform(-1, 1, shape).astype(dtype) for shape, dtype in shapes_and_dtypes]


def input_cases(shape: tuple[int | None, ...]) -> dict[str, np.ndarray]:
    """`shape` excludes the batch dimension; an unknown dimension becomes 5."""
    full = (BATCH, *(5 if d is None else d for d in shape))
    rng = np.random.default_rng(INPUT_SEED)
    uniform = rng.uniform(-2, 2, full).astype(np.float32)
    nonfinite = uniform.copy()
    for row, value in enumerate((np.nan, np.inf, -np.inf)):
        flat = nonfinite[row].reshape(-1)
        flat[:: max(1, flat.size // 3)] = value
    return {"uniform": uniform, "large": uniform * np.float32(LARGE), "nonfinite": nonfinite}
