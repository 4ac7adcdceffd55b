"""Module mode writes Keras's initializers out as TF math; randomised weights never exercise that code,
so its draws are tested statistically against the initializer Keras configures for the same weight.
Every statistical check is also run on Keras's own draws: a check Keras itself fails is the oracle's bug."""
from __future__ import annotations

import math

import keras
import numpy as np
from keras.src.initializers.random_initializers import compute_fans

SIGMAS = 6.0
ORTHO_ATOL = 1e-4
TARGET_SAMPLES = 20000
MAX_INSTANCES = 50

_INITIALIZER_ATTR = {
    "kernel": "kernel_initializer",
    "recurrent_kernel": "recurrent_initializer",
    "bias": "bias_initializer",
}
_DETERMINISTIC = (keras.initializers.Zeros, keras.initializers.Ones, keras.initializers.Constant)


def keras_initializer(model: keras.Model, variable) -> object:
    """The initializer Keras uses for `variable` (LSTM weights live on the layer's cell)."""
    for layer in model.layers:
        if any(v is variable for v in layer.weights):
            owner = getattr(layer, "cell", layer)
            return getattr(owner, _INITIALIZER_ATTR[variable.name])
    raise LookupError(f"no layer owns {variable.path}")


def instances_needed(shapes: list[tuple[int, ...]]) -> int:
    smallest = min((math.prod(s) for s in shapes), default=1)
    return max(2, min(MAX_INSTANCES, math.ceil(TARGET_SAMPLES / max(1, smallest))))


def check(initializer, draws: list[np.ndarray], keras_initial: np.ndarray) -> str | None:
    """Returns a problem, or None when `draws` (one per module instance) behave like `initializer`."""
    if isinstance(initializer, _DETERMINISTIC):
        # Also covers the LSTM bias, whose forget-gate block Keras sets to ones (unit_forget_bias).
        for draw in draws:
            if not np.array_equal(draw, keras_initial):
                return f"{type(initializer).__name__}: values differ from Keras's initial {_describe(keras_initial)}"
        return None
    shape = keras_initial.shape
    # A Keras 3 initializer instance repeats its draw; a fresh instance per draw gets a fresh seed.
    config = {**initializer.get_config(), "seed": None}
    keras_draws = [np.asarray(type(initializer).from_config(config)(shape)) for _ in range(len(draws))]
    statistic = _statistic(initializer, shape)
    if statistic is None:
        return f"no statistical check for {type(initializer).__name__}"
    own = statistic(keras_draws)
    if own:
        return f"oracle bug: Keras's own {type(initializer).__name__} fails the check: {own}"
    problem = statistic(draws)
    return f"{type(initializer).__name__}: {problem}" if problem else None


def _statistic(initializer, shape):
    if isinstance(initializer, keras.initializers.VarianceScaling):
        return lambda draws: _variance_scaling(initializer, shape, draws)
    if isinstance(initializer, keras.initializers.Orthogonal):
        return lambda draws: _orthogonal(initializer.gain, draws)
    return None


def _variance_scaling(init: keras.initializers.VarianceScaling, shape: tuple[int, ...], draws: list[np.ndarray]) -> str | None:
    fan_in, fan_out = compute_fans(shape)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[init.mode]
    variance = init.scale / max(1.0, n)
    x = np.concatenate([d.reshape(-1) for d in draws]).astype(np.float64)
    if init.distribution == "uniform":
        limit = math.sqrt(3 * variance)
        if np.abs(x).max() > limit * (1 + 1e-6):
            return f"|value| {np.abs(x).max():.6g} exceeds the uniform limit {limit:.6g}"
    if abs(x.mean()) > SIGMAS * math.sqrt(variance / x.size):
        return f"mean {x.mean():.4g} is not 0 (n={x.size})"
    if abs(x.var() - variance) > SIGMAS * math.sqrt(2 / x.size) * variance:
        return f"variance {x.var():.6g}, expected {variance:.6g} (n={x.size})"
    if len(draws) > 1 and np.array_equal(draws[0], draws[1]):
        return "two instances drew identical values"
    return None


def _orthogonal(gain: float, draws: list[np.ndarray]) -> str | None:
    for draw in draws:
        w = draw.reshape(-1, draw.shape[-1]).astype(np.float64)
        gram = w @ w.T if w.shape[0] < w.shape[1] else w.T @ w
        off = np.abs(gram - gain**2 * np.eye(gram.shape[0])).max()
        if off > ORTHO_ATOL:
            return f"not orthogonal: |W Wᵀ - gain² I| reaches {off:.3g}"
    if len(draws) > 1 and np.array_equal(draws[0], draws[1]):
        return "two instances drew identical values"
    return None


def _describe(values: np.ndarray) -> str:
    uniq = np.unique(values)
    return f"(values {uniq[:4].tolist()}{'...' if uniq.size > 4 else ''})"
