"""Seeded random weights and inputs: every variable U(-1, 1); inputs U(-2, 2), scaled up, and with
NaN/Inf planted (one kind per batch row, so the other rows still carry finite numbers); integer inputs
(token ids) uniform over [0, high)."""
from __future__ import annotations

import numpy as np

WEIGHT_SEED = 1234
INPUT_SEED = 99
BATCH = 3
LARGE = 1e4


def random_weights(shapes_and_dtypes: list[tuple[tuple[int, ...], str]]) -> list[np.ndarray]:
    rng = np.random.default_rng(WEIGHT_SEED)
    return [rng.uniform(-1, 1, shape).astype(dtype) for shape, dtype in shapes_and_dtypes]


# An unknown dimension (a variable sequence length, an image of any size) becomes this; real-world programs
# ask for more, so that their strided convolutions keep a positive length.
UNKNOWN_DIM = 5
REALWORLD_UNKNOWN_DIM = 40


def concrete(shape: tuple[int | None, ...], unknown: int = UNKNOWN_DIM) -> tuple[int, ...]:
    """`shape` without the batch dimension, unknown dimensions made concrete."""
    return tuple(unknown if d is None else d for d in shape)


def _full(shape: tuple[int | None, ...], unknown: int) -> tuple[int, ...]:
    """`shape` excludes the batch dimension."""
    return (BATCH, *concrete(shape, unknown))


def input_cases(
    specs: list[tuple[tuple[int | None, ...], int | None]], unknown: int = UNKNOWN_DIM
) -> dict[str, list[np.ndarray]]:
    """Per case, one array per model input. `specs` holds (shape, int_high); int_high None means float."""
    rng = np.random.default_rng(INPUT_SEED)
    if any(high is not None for _, high in specs):
        return {"ids": [
            rng.integers(0, high, _full(shape, unknown)).astype(np.int32) if high is not None
            else rng.uniform(-2, 2, _full(shape, unknown)).astype(np.float32)
            for shape, high in specs
        ]}
    uniform = [rng.uniform(-2, 2, _full(shape, unknown)).astype(np.float32) for shape, _ in specs]
    nonfinite = [u.copy() for u in uniform]
    for array in nonfinite:
        for row, value in enumerate((np.nan, np.inf, -np.inf)):
            flat = array[row].reshape(-1)
            flat[:: max(1, flat.size // 3)] = value
    return {
        "uniform": uniform,
        "large": [u * np.float32(LARGE) for u in uniform],
        "nonfinite": nonfinite,
    }
