"""Random layers in training mode, judged by the distribution of what they do: their draws come from
TensorFlow's stream, never Keras's, so values cannot match. Checked per layer class: the dropped fraction
and the scaling of kept values, which axes share one draw (noise_shape, SpatialDropout's channel masks),
the mean and spread of Gaussian noise, AlphaDropout's affine map; and ActivityRegularization's loss."""
from __future__ import annotations

from typing import Callable

import keras
import numpy as np

from . import dropout_stats
from .compare import compare

SAMPLE_ROWS = 64
SIGMAS = 6.0
ALPHA_P = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946

Apply = Callable[[np.ndarray], np.ndarray]


def check_layer(original, lowered, shape: tuple[int, ...]) -> dict | None:
    """Layer mode: the Keras layer and its lowered instance (same weights), `shape` without the batch.
    None when the layer is neither random nor ActivityRegularization."""
    if isinstance(original, keras.layers.ActivityRegularization):
        return _activity_losses(original, lowered, shape)
    return check_model([original], lambda x: lowered(x, training=True), shape)


def check_model(layers: list, apply: Apply, shape: tuple[int, ...]) -> dict | None:
    """`layers`: the Keras layers a lowering stands for (the model's layers in module mode); `apply` runs
    the lowering in training mode on a batch of `shape`. None when there is nothing random to check."""
    if layers and all(type(layer) is keras.layers.Dropout and layer.noise_shape is None for layer in layers):
        rate = 1 - np.prod([1 - layer.rate for layer in layers])
        return dropout_stats.check(apply, shape, float(rate))
    if len(layers) != 1:
        return None
    layer = layers[0]
    if isinstance(layer, keras.layers.Dropout):  # SpatialDropout* subclass it
        return _mask(apply, shape, layer.rate, _shared_axes(layer, shape))
    if isinstance(layer, keras.layers.GaussianNoise):
        return _noise(apply, shape, "additive", layer.stddev)
    if isinstance(layer, keras.layers.GaussianDropout):
        stddev = (layer.rate / (1.0 - layer.rate)) ** 0.5 if layer.rate < 1 else 0.0
        return _noise(apply, shape, "multiplicative", stddev)
    if isinstance(layer, keras.layers.AlphaDropout):
        return _alpha(apply, shape, layer.rate, _noise_shape_axes(layer.noise_shape, shape))
    return None


def _activity_losses(original, lowered, shape: tuple[int, ...]) -> dict:
    """ActivityRegularization: the loss each layer records on a call (training mode) must match Keras's."""
    x = np.random.default_rng(11).uniform(-2, 2, (SAMPLE_ROWS, *shape)).astype(np.float32)
    original(x, training=True)
    lowered(x, training=True)
    ref = [np.asarray(v) for v in original.losses]
    got = [np.asarray(v) for v in lowered.losses]
    result = {"ok": False, "problem": None, "losses": [float(v) for v in got]}
    if len(ref) != len(got):
        result["problem"] = f"{len(got)} losses recorded, Keras {len(ref)}"
        return result
    for r, g in zip(ref, got):
        verdict = compare(r, g)
        if not verdict["ok"]:
            result["problem"] = f"activity loss {float(g)!r} vs Keras {float(r)!r}: {verdict['problem']}"
            return result
    result["ok"] = True
    return result


def _positive_sample(shape: tuple[int, ...]) -> np.ndarray:
    return np.random.default_rng(7).uniform(1, 2, (SAMPLE_ROWS, *shape)).astype(np.float32)


def _noise_shape_axes(noise_shape, shape: tuple[int, ...]) -> tuple[int, ...]:
    """Axes (of the batched input) along which one draw is shared: noise_shape entries of 1."""
    full = (SAMPLE_ROWS, *shape)
    if noise_shape is None:
        return ()
    return tuple(i for i, dim in enumerate(noise_shape) if dim == 1 and full[i] != 1)


def _shared_axes(layer, shape: tuple[int, ...]) -> tuple[int, ...]:
    name = type(layer).__name__
    if name.startswith("SpatialDropout"):
        spatial = tuple(range(1, len(shape)))
        if getattr(layer, "data_format", "channels_last") == "channels_first":
            spatial = tuple(range(2, len(shape) + 1))
        return spatial
    return _noise_shape_axes(layer.noise_shape, shape)


def _sharing_problem(dropped: np.ndarray, shared: tuple[int, ...], rate: float) -> str | None:
    """One draw per unit along `shared` axes, independent draws along the others."""
    for axis in shared:
        if not np.array_equal(dropped.all(axis=axis), dropped.any(axis=axis)):
            return f"the mask varies along axis {axis}, where Keras shares one draw"
    if 0 < rate < 1:
        for axis in range(1, dropped.ndim):
            if axis not in shared and dropped.shape[axis] > 1 and np.array_equal(
                dropped.all(axis=axis), dropped.any(axis=axis)
            ):
                return f"the mask is shared along axis {axis}, where Keras draws per position"
    return None


def _units(dropped: np.ndarray, shared: tuple[int, ...]) -> np.ndarray:
    return dropped.any(axis=shared) if shared else dropped


def _fraction_problem(units: np.ndarray, rate: float) -> str | None:
    fraction = float(units.mean())
    sigma = (rate * (1 - rate) / units.size) ** 0.5
    if abs(fraction - rate) > SIGMAS * sigma + 1e-12:
        return f"fraction dropped {fraction:.4f} over {units.size} draws, expected {rate} ± {SIGMAS * sigma:.4f}"
    return None


def _mask(apply: Apply, shape: tuple[int, ...], rate: float, shared: tuple[int, ...]) -> dict:
    x = _positive_sample(shape)
    y = np.asarray(apply(x))
    result = {"ok": False, "rate": rate, "shared_axes": list(shared), "problem": None}
    if y.shape != x.shape:
        result.update(check="shape", problem=f"training output shape {y.shape} != input {x.shape}")
        return result
    dropped = y == 0
    result["fraction_zeroed"] = float(dropped.mean())
    problem = _sharing_problem(dropped, shared, rate) or _fraction_problem(_units(dropped, shared), rate)
    if problem is None and rate < 1:
        kept = compare(x[~dropped] / np.float32(1 - rate), y[~dropped])
        if not kept["ok"]:
            problem = f"kept values are not x / (1 - rate): {kept['problem']}"
    result["problem"] = problem
    result["ok"] = problem is None
    return result


def _noise(apply: Apply, shape: tuple[int, ...], kind: str, stddev: float) -> dict:
    """Additive noise y - x ~ N(0, stddev), or multiplicative y / x ~ N(1, stddev), drawn per element."""
    x = _positive_sample(shape)
    y = np.asarray(apply(x)).astype(np.float64)
    result = {"ok": False, "kind": kind, "stddev": stddev, "problem": None}
    if y.shape != x.shape:
        result.update(check="shape", problem=f"training output shape {y.shape} != input {x.shape}")
        return result
    noise = y - x if kind == "additive" else y / x
    centre = 0.0 if kind == "additive" else 1.0
    n = noise.size
    mean, std = float(noise.mean()), float(noise.std(ddof=1))
    result.update(mean=mean, std=std)
    # Float32 rounding of x + noise: relative 1e-7 of values near 2.
    floor = 1e-6
    if stddev == 0:
        if np.abs(noise - centre).max() > floor:
            result["problem"] = f"noise of stddev 0 changed the input (worst {np.abs(noise - centre).max():.3g})"
    elif abs(mean - centre) > SIGMAS * stddev / n**0.5 + floor:
        result["problem"] = f"noise mean {mean:.5f}, expected {centre} ± {SIGMAS * stddev / n ** 0.5:.5f}"
    elif abs(std / stddev - 1) > (spread := SIGMAS * (1 / (2 * (n - 1))) ** 0.5):
        result["problem"] = f"noise stddev {std:.5f}, expected {stddev:.5f} (relative ± {spread:.4f})"
    elif x.shape[0] > 1 and np.mean(noise[0] == noise[1]) > 0.5:
        result["problem"] = "the same noise in every sample: Keras draws per element"
    result["ok"] = result["problem"] is None
    return result


def _alpha(apply: Apply, shape: tuple[int, ...], rate: float, shared: tuple[int, ...]) -> dict:
    """AlphaDropout: dropped units become a * alpha_p + b, kept ones a * x + b (Keras's constants)."""
    x = _positive_sample(shape)
    y = np.asarray(apply(x))
    result = {"ok": False, "rate": rate, "problem": None}
    if y.shape != x.shape:
        result.update(check="shape", problem=f"training output shape {y.shape} != input {x.shape}")
        return result
    a = ((1 - rate) * (1 + rate * ALPHA_P**2)) ** -0.5
    b = -a * ALPHA_P * rate
    saturated = np.float32(a * ALPHA_P + b)
    dropped = np.isclose(y, saturated, rtol=1e-5, atol=1e-5)
    result["fraction_dropped"] = float(dropped.mean())
    problem = _sharing_problem(dropped, shared, rate) or _fraction_problem(_units(dropped, shared), rate)
    if problem is None:
        kept = compare((np.float32(a) * x + np.float32(b))[~dropped], y[~dropped])
        if not kept["ok"]:
            problem = f"kept values are not a * x + b: {kept['problem']}"
    result["problem"] = problem
    result["ok"] = problem is None
    return result
