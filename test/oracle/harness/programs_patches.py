"""What the programs oracle's worker changes in Keras and the environment before a whole program runs:
data loaders and downloads (programs_data), `fit` cut to one step, matplotlib and `plot_model` inert.
Nothing here changes how a model is built, so the summaries Keras prints are the program's own.
"""
from __future__ import annotations

import inspect
import math
import sys
import types

import numpy as np

from . import programs_data


class Inert:
    """Stands in for every matplotlib object: any attribute, call, index or context does nothing."""

    def __getattr__(self, name: str) -> "Inert":
        if name.startswith("__"):
            raise AttributeError(name)
        return Inert()

    def __call__(self, *args, **kwargs) -> "Inert":
        return Inert()

    def __getitem__(self, key) -> "Inert":
        return Inert()

    def __iter__(self):
        return iter(())

    def __enter__(self) -> "Inert":
        return self

    def __exit__(self, *exc) -> bool:
        return False


def _subplots(nrows=1, ncols=1, *args, **kwargs):
    if nrows == 1 and ncols == 1:
        return Inert(), Inert()
    axes = np.empty((nrows, ncols) if nrows > 1 and ncols > 1 else (nrows * ncols,), dtype=object)
    for index in np.ndindex(axes.shape):
        axes[index] = Inert()
    return Inert(), axes


def _inert_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__getattr__ = lambda attr: Inert()  # type: ignore[attr-defined]
    return module


def stub_matplotlib() -> None:
    """The venv has no matplotlib; programs plot, and plotting changes no model."""
    root = _inert_module("matplotlib")
    root.use = lambda *a, **k: None  # type: ignore[attr-defined]
    pyplot = _inert_module("matplotlib.pyplot")
    pyplot.subplots = _subplots  # type: ignore[attr-defined]
    root.pyplot = pyplot  # type: ignore[attr-defined]
    sys.modules["matplotlib"] = root
    sys.modules["matplotlib.pyplot"] = pyplot
    for sub in ("image", "cm", "colors", "patches", "ticker"):
        sys.modules[f"matplotlib.{sub}"] = _inert_module(f"matplotlib.{sub}")


def _replace_everywhere(original, replacement) -> None:
    """Rebinds `original` in every loaded module (keras.utils, keras.src.utils, tf.keras's copies...)."""
    for module in list(sys.modules.values()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for attr, value in list(namespace.items()):
            if value is original:
                namespace[attr] = replacement


def _folder_reader(original, kind: str):
    def read(directory, *args, **kwargs):
        programs_data.ensure_folder(directory, kind)
        return original(directory, *args, **kwargs)
    return read


def _is_stream(x) -> bool:
    """A tf.data dataset, a PyDataset or a generator: data that brings its own batches."""
    import keras
    import tensorflow as tf

    return isinstance(x, (tf.data.Dataset, keras.utils.PyDataset)) or inspect.isgenerator(x) or hasattr(
        x, "__next__")


def _slice(data, part: slice):
    """`part` of the samples of an array, or of each array in a list, tuple or dict of them."""
    if isinstance(data, dict):
        return {key: _slice(value, part) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return type(data)(_slice(value, part) for value in data)
    return data[part] if hasattr(data, "shape") and len(data.shape) > 0 else data


def _samples(data) -> int | None:
    if isinstance(data, dict):
        data = next(iter(data.values()), None)
    if isinstance(data, (list, tuple)):
        data = data[0] if data else None
    return int(data.shape[0]) if hasattr(data, "shape") and len(data.shape) > 0 else None


def _cut_arrays(options: dict) -> None:
    """Arrays cut to one or two batches, never `steps_per_epoch` (with it Keras traces the step on a batch
    of static size). Keras traces a batch of static size only when every batch is full (the training
    samples a multiple of the batch size, else None): the cut keeps that, with the validation split made
    here as Keras makes it (the last samples), so a model fit builds is built as in the program's own run."""
    n = _samples(options.get("x"))
    if n is None:
        return
    batch = int(options.get("batch_size") or 32)
    split = options.get("validation_split") or 0.0
    at = int(math.floor(n * (1.0 - split))) if split and options.get("validation_data") is None else n
    if at != n:
        options.pop("validation_split")
        options["validation_data"] = tuple(_slice(options[key], slice(at, at + batch)) for key in ("x", "y")
                                           if options.get(key) is not None)
    rest = at % batch
    keep = min(at, batch + rest) if rest else batch
    for key in ("x", "y", "sample_weight"):
        if options.get(key) is not None:
            options[key] = _slice(options[key], slice(0, keep))


def _one_step_fit(original):
    signature = inspect.signature(original)

    def fit(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        options = dict(bound.arguments)
        options.update(options.pop("kwargs", {}))
        options.pop("self")
        options["epochs"] = options.get("initial_epoch", 0) + 1
        if _is_stream(options.get("x")):
            options["steps_per_epoch"] = 1
        else:
            _cut_arrays(options)
        options["verbose"] = 0
        if options.get("validation_data") is not None or options.get("validation_split"):
            options["validation_steps"] = 1
        # Traced, never run eagerly, as the program's own fit (an eager step builds for the batch's size).
        return original(self, **options)
    return fit


def install() -> None:
    import keras
    import tensorflow as tf

    # tf.keras is loaded lazily: load its copies now so that the patches below reach them too.
    _ = (tf.keras.datasets.mnist, tf.keras.utils.get_file)
    stub_matplotlib()
    for name, fake in programs_data.LOADERS.items():
        module = getattr(keras.datasets, name)
        _replace_everywhere(module.load_data, fake)
    _replace_everywhere(keras.utils.get_file, programs_data.get_file)
    _replace_everywhere(keras.utils.image_dataset_from_directory,
                        _folder_reader(keras.utils.image_dataset_from_directory, "image"))
    _replace_everywhere(keras.utils.text_dataset_from_directory,
                        _folder_reader(keras.utils.text_dataset_from_directory, "text"))
    _replace_everywhere(keras.utils.plot_model, lambda *args, **kwargs: None)
    keras.Model.fit = _one_step_fit(keras.Model.fit)
