"""Outputs before the final softmax/sigmoid: a saturated probability (exactly 0 or 1 in float32) hides a
dropped bias or halved logits, its logits do not. Keras's logits come from the same layer with its
activation set to linear for the call."""
from __future__ import annotations

import contextlib
import inspect

import keras

SQUASHING = ("softmax", "sigmoid")


def squashes(layer) -> bool:
    """The layer ends in a softmax or sigmoid activation it applies itself (Dense, Conv, Activation, ...)."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) in SQUASHING


def _activation_owner(layer):
    """Where the activation is stored: a recurrent layer's `activation` is a read-only view of its cell's."""
    cell = getattr(layer, "cell", None)
    return cell if cell is not None and hasattr(cell, "activation") else layer


@contextlib.contextmanager
def linear(*layers):
    """Every given layer computes its logits for the duration (its `activation` set to linear)."""
    owners = [_activation_owner(layer) for layer in layers]
    saved = [owner.activation for owner in owners]
    try:
        for owner in owners:
            owner.activation = keras.activations.linear
        yield
    finally:
        for owner, activation in zip(owners, saved):
            owner.activation = activation


def final_layer(model: keras.Model):
    """The layer that produces the model's single output, or None."""
    if len(model.outputs) != 1:
        return None
    history = getattr(model.outputs[0], "_keras_history", None)
    return history[0] if history else None


def module_returns_logits(module) -> bool:
    call = getattr(type(module).__call__, "python_function", type(module).__call__)
    try:
        return "return_logits" in inspect.signature(call).parameters
    except (TypeError, ValueError):
        return False
