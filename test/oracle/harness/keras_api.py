"""Keras's public surface, read at test time in a fresh process: `python -m harness.keras_api CLASS...`
prints the constructor arguments of each layer class and of the base Layer, and every activation name
Keras accepts as a string."""
from __future__ import annotations

import inspect
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402

_NOT_ACTIVATIONS = {"get", "serialize", "deserialize"}


def constructor_args(cls: type) -> list[str]:
    params = inspect.signature(cls.__init__).parameters.values()
    return [p.name for p in params if p.name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def activation_names() -> list[str]:
    names = []
    for name in dir(keras.activations):
        if name.startswith("_") or name in _NOT_ACTIVATIONS or not callable(getattr(keras.activations, name)):
            continue
        try:
            keras.activations.get(name)
        except (ValueError, TypeError):
            continue
        names.append(name)
    return names


if __name__ == "__main__":
    print(json.dumps({
        "classes": {name: constructor_args(getattr(keras.layers, name)) for name in sys.argv[1:]},
        "base": constructor_args(keras.layers.Layer),
        "activations": activation_names(),
    }))
