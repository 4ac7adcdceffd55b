"""What the programs oracle's worker changes in Keras and the environment before a whole program runs:
data loaders and downloads (programs_data), `fit` cut to one step, matplotlib and `plot_model` inert.
Nothing here changes how a model is built, so the summaries Keras prints are the program's own.
"""
from __future__ import annotations

import inspect
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


def _one_step_fit(original):
    signature = inspect.signature(original)

    def fit(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs)
        options = dict(bound.arguments)
        options.update(options.pop("kwargs", {}))
        options.pop("self")
        options["epochs"] = options.get("initial_epoch", 0) + 1
        if options.get("batch_size") is None and not _is_stream(options.get("x")):
            # With `steps_per_epoch` and no batch size, Keras would batch the whole array at once; the
            # program's own first batch is Keras's default 32, and a model built by fit is built from it.
            options["batch_size"] = 32
        options["steps_per_epoch"] = 1
        options["verbose"] = 0
        if options.get("validation_data") is not None or options.get("validation_split"):
            options["validation_steps"] = 1
        # One eager step costs less than tracing the training function; the model is the same either way.
        self.run_eagerly = True
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
