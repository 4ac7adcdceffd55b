"""Seeded random weights and inputs.

Weights are scaled per variable so that pre-activations have about unit variance: a kernel is drawn from
U(-1, 1)·sqrt(3 / fan_in) (variance 1/fan_in, Keras's fans), every other variable from U(-1, 1), and a
BatchNormalization moving variance from [0.5, 2] (DESIGN.md). Unscaled U(-1, 1) kernels saturate a softmax
to exact 0s and 1s, which hides a dropped bias.

Inputs: U(-2, 2) at batch 3 ("uniform"); the same scaled by 1e4 ("large", the saturating case, where
overflow to Inf is Keras's too); NaN/Inf planted, one kind per batch row ("nonfinite"); and batches of 1 and
17 with the unknown dimensions at a second size, all through the same model or traced module. Integer
inputs (token ids) are uniform over [0, high)."""
from __future__ import annotations

import numpy as np

WEIGHT_SEED = 1234
INPUT_SEED = 99
BATCH = 3
LARGE = 1e4
# The cases whose outputs may hold NaN or Inf (their positions must then match Keras's); anywhere else a
# non-finite output fails.
NONFINITE_CASES = ("large", "nonfinite")
MOVING_VARIANCE = (0.5, 2.0)


def fan_in(shape: tuple[int, ...]) -> int:
    """Keras's compute_fans: the input width times the receptive field of a convolution kernel."""
    if len(shape) < 2:
        return max(1, int(np.prod(shape)))
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return max(1, shape[-2] * receptive)


def random_weights(variables: list[tuple[str, tuple[int, ...], str]]) -> list[np.ndarray]:
    """One draw per (variable path, shape, dtype), in order."""
    rng = np.random.default_rng(WEIGHT_SEED)
    out = []
    for path, shape, dtype in variables:
        leaf = path.rsplit("/", 1)[-1]
        if leaf == "moving_variance":
            value = rng.uniform(*MOVING_VARIANCE, shape)
        elif "kernel" in leaf and len(shape) >= 2:
            value = rng.uniform(-1, 1, shape) * np.sqrt(3.0 / fan_in(shape))
        else:
            value = rng.uniform(-1, 1, shape)
        out.append(value.astype(dtype))
    return out


# An unknown dimension (a variable sequence length, an image of any size) becomes this, and this second
# size in the batch-size cases; real-world programs ask for more, so that their strided convolutions keep a
# positive length.
UNKNOWN_DIM = 5
REALWORLD_UNKNOWN_DIM = 40
SECOND_UNKNOWN = {UNKNOWN_DIM: 7, REALWORLD_UNKNOWN_DIM: 48}
BATCH_SIZES = {"batch 1": 1, "batch 17": 17}


def concrete(shape: tuple[int | None, ...], unknown: int = UNKNOWN_DIM) -> tuple[int, ...]:
    """`shape` without the batch dimension, unknown dimensions made concrete."""
    return tuple(unknown if d is None else d for d in shape)


def _draw(rng, specs, batch: int, unknown: int) -> list[np.ndarray]:
    return [
        rng.integers(0, high, (batch, *concrete(shape, unknown))).astype(np.int32) if high is not None
        else rng.uniform(-2, 2, (batch, *concrete(shape, unknown))).astype(np.float32)
        for shape, high in specs
    ]


def input_cases(
    specs: list[tuple[tuple[int | None, ...], int | None]], unknown: int = UNKNOWN_DIM
) -> dict[str, list[np.ndarray]]:
    """Per case, one array per model input. `specs` holds (shape, int_high); int_high None means float."""
    rng = np.random.default_rng(INPUT_SEED)
    second = SECOND_UNKNOWN.get(unknown, unknown + 2)
    uniform = _draw(rng, specs, BATCH, unknown)
    more = {name: _draw(rng, specs, batch, second) for name, batch in BATCH_SIZES.items()}
    if any(high is not None for _, high in specs):
        return {"ids": uniform, **more}
    nonfinite = [u.copy() for u in uniform]
    for array in nonfinite:
        for row, value in enumerate((np.nan, np.inf, -np.inf)):
            flat = array[row].reshape(-1)
            flat[:: max(1, flat.size // 3)] = value
    return {
        "uniform": uniform,
        "large": [u * np.float32(LARGE) for u in uniform],
        "nonfinite": nonfinite,
        **more,
    }


def first_case(specs, unknown: int = UNKNOWN_DIM) -> list[np.ndarray]:
    """The finite batch-3 inputs: what training-mode checks run on."""
    return next(iter(input_cases(specs, unknown).values()))
