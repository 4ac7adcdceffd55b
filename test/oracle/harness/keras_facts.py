"""What Keras itself says about a model, in the shape of the engine's `summary --json` rows."""
from __future__ import annotations

import keras
import numpy as np


def _shape(output) -> list:
    if isinstance(output, (list, tuple)):
        return [_shape(o) for o in output]
    return [None if d is None else int(d) for d in output.shape]


def model_facts(model: keras.Model) -> dict:
    # model.layers is model.summary()'s order: Functional models list their InputLayer, Sequential ones don't.
    trainable = sum(int(np.prod(w.shape)) for w in model.trainable_weights)
    total = model.count_params()
    return {
        "name": model.name,
        "class": type(model).__name__,
        "layers": [
            {"name": layer.name, "class": type(layer).__name__, "outputShape": _shape(layer.output),
             "params": layer.count_params()}
            for layer in model.layers
        ],
        "weightCount": len(model.weights),
        "totalParams": total,
        "trainableParams": trainable,
        "nonTrainableParams": total - trainable,
    }
