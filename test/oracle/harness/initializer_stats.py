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

# A unit normal truncated at two standard deviations has this standard deviation.
TRUNCATED_STDDEV = 0.87962566103423978
# P(|z| > 2) for a unit normal: the tail a truncated draw never reaches.
NORMAL_TAIL = math.erfc(2 / math.sqrt(2))

# Variable name -> the layer attributes that may hold its initializer (depthwise convolutions call their
# kernel `kernel` but keep `depthwise_initializer`).
_INITIALIZER_ATTR = {
    "kernel": ("kernel_initializer", "depthwise_initializer"),
    "recurrent_kernel": ("recurrent_initializer",),
    "bias": ("bias_initializer",),
    "embeddings": ("embeddings_initializer",),
    "depthwise_kernel": ("depthwise_initializer",),
    "pointwise_kernel": ("pointwise_initializer",),
    "gamma": ("gamma_initializer",),
    "beta": ("beta_initializer",),
    "moving_mean": ("moving_mean_initializer",),
    "moving_variance": ("moving_variance_initializer",),
    "alpha": ("alpha_initializer",),
}
_DETERMINISTIC = (
    keras.initializers.Zeros, keras.initializers.Ones, keras.initializers.Constant, keras.initializers.Identity,
)
_SEEDABLE = (
    keras.initializers.RandomUniform, keras.initializers.RandomNormal, keras.initializers.TruncatedNormal,
    keras.initializers.VarianceScaling, keras.initializers.Orthogonal,
)


# Weights whose initializer Keras hard-codes in build() rather than taking as an argument.
_FIXED_INITIALIZERS = {
    ("Attention", "scale"): "ones", ("Attention", "concat_score_weight"): "ones",
    ("AdditiveAttention", "scale"): "glorot_uniform",
}


def keras_initializer(model: keras.Model, variable) -> object:
    """The initializer Keras uses for `variable` (LSTM weights live on the layer's cell, MultiHeadAttention's
    on its EinsumDense sublayers; an EinsumDense VarianceScaling kernel takes its fans over the einsum's
    input and output axes)."""
    for layer in model.layers:
        if any(v is variable for v in layer.weights):
            # The deepest layer owning the variable (flatten order lists a layer before its sublayers).
            layer = [sub for sub in layer._flatten_layers() if any(v is variable for v in sub.weights)][-1]
            fixed = _FIXED_INITIALIZERS.get((type(layer).__name__, variable.name))
            if fixed:
                return keras.initializers.get(fixed)
            owner = getattr(layer, "cell", layer)
            attr = next(a for a in _INITIALIZER_ATTR[variable.name] if hasattr(owner, a))
            initializer = getattr(owner, attr)
            if isinstance(layer, keras.layers.EinsumDense) and variable.name == "kernel":
                return _einsum_kernel_initializer(layer, initializer)
            return initializer
    raise LookupError(f"no layer owns {variable.path}")


def _einsum_kernel_initializer(layer, initializer):
    if not isinstance(initializer, keras.initializers.VarianceScaling) or (
        initializer.input_axes is not None and initializer.output_axes is not None
    ):
        return initializer
    # Keras's rule: a kernel letter found in the output is an output axis, otherwise an input axis.
    _, kernel_spec, output_spec = layer.equation.replace("->", ",").split(",")
    input_axes = [i for i, letter in enumerate(kernel_spec) if letter not in output_spec]
    output_axes = [i for i, letter in enumerate(kernel_spec) if letter in output_spec]
    # The configured seed (None unless the program gave one), not the one Keras drew for the instance.
    config = {**initializer.get_config(), "input_axes": input_axes, "output_axes": output_axes}
    return type(initializer).from_config(config)


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
    if isinstance(initializer, _SEEDABLE) and initializer.get_config().get("seed") is not None:
        # An integer seed makes Keras draw statelessly: every module instance must equal Keras's values.
        for draw in draws:
            if not np.array_equal(draw, keras_initial):
                worst = np.abs(draw.astype(np.float64) - keras_initial).max()
                return f"seeded {type(initializer).__name__}: values differ from Keras's (by up to {worst:.3g})"
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
    if isinstance(initializer, keras.initializers.RandomUniform):
        return lambda draws: _uniform(initializer.minval, initializer.maxval, draws)
    if isinstance(initializer, keras.initializers.RandomNormal):
        return lambda draws: _normal(initializer.mean, initializer.stddev, False, draws)
    if isinstance(initializer, keras.initializers.TruncatedNormal):
        return lambda draws: _normal(initializer.mean, initializer.stddev, True, draws)
    return None


def _variance_scaling(init: keras.initializers.VarianceScaling, shape: tuple[int, ...], draws: list[np.ndarray]) -> str | None:
    fan_in, fan_out = compute_fans(shape, init.input_axes, init.output_axes)
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[init.mode]
    variance = init.scale / max(1.0, n)
    if init.distribution == "uniform":
        limit = math.sqrt(3 * variance)
        return _uniform(-limit, limit, draws)
    # The truncated normal's parameter is inflated by 1/0.8796 so that the draws' variance is `variance`.
    truncated = init.distribution == "truncated_normal"
    stddev = math.sqrt(variance) / TRUNCATED_STDDEV if truncated else math.sqrt(variance)
    return _normal(0.0, stddev, truncated, draws)


def _uniform(low: float, high: float, draws: list[np.ndarray]) -> str | None:
    x = _flat(draws)
    slack = 1e-6 * max(abs(low), abs(high))
    if x.min() < low - slack or x.max() > high + slack:
        return f"values [{x.min():.6g}, {x.max():.6g}] leave the uniform range [{low:.6g}, {high:.6g}]"
    return _moments(x, (low + high) / 2, (high - low) ** 2 / 12, draws)


def _normal(mean: float, stddev: float, truncated: bool, draws: list[np.ndarray]) -> str | None:
    """A normal draw; truncated ones stay within two `stddev` of the mean and have 0.8796² of its variance."""
    x = _flat(draws)
    beyond = np.mean(np.abs(x - mean) > 2 * stddev * (1 + 1e-6))
    if truncated and beyond > 0:
        return f"values reach {np.abs(x - mean).max():.6g} from the mean, beyond the truncation at {2 * stddev:.6g}"
    if not truncated and abs(beyond - NORMAL_TAIL) > SIGMAS * math.sqrt(NORMAL_TAIL * (1 - NORMAL_TAIL) / x.size):
        return f"{beyond:.4f} of the values lie beyond two stddev, a normal has {NORMAL_TAIL:.4f} (n={x.size})"
    variance = (stddev * TRUNCATED_STDDEV) ** 2 if truncated else stddev**2
    return _moments(x, mean, variance, draws)


def _moments(x: np.ndarray, mean: float, variance: float, draws: list[np.ndarray]) -> str | None:
    if abs(x.mean() - mean) > SIGMAS * math.sqrt(variance / x.size):
        return f"mean {x.mean():.4g}, expected {mean:.4g} (n={x.size})"
    if abs(x.var() - variance) > SIGMAS * math.sqrt(2 / x.size) * variance:
        return f"variance {x.var():.6g}, expected {variance:.6g} (n={x.size})"
    if len(draws) > 1 and np.array_equal(draws[0], draws[1]):
        return "two instances drew identical values"
    return None


def _flat(draws: list[np.ndarray]) -> np.ndarray:
    return np.concatenate([d.reshape(-1) for d in draws]).astype(np.float64)


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
