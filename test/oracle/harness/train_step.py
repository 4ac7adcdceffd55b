"""One optimizer step of a compiled model against its module-mode lowering: Keras's train_on_batch and the
module's train_step on the same batch from the same weights, then the loss, every metric and every weight
compared. Keras's optimizer state is put back afterwards, so the next lowering of the model starts fresh."""
from __future__ import annotations

import keras
import numpy as np

from .compare import compare

LABEL_SEED = 7


def _loss_name(loss) -> str | None:
    if isinstance(loss, str):
        return loss
    return getattr(loss, "name", None) or getattr(loss, "__name__", None)


def labels(loss, output_shape: tuple, batch: int) -> np.ndarray | None:
    """Labels the loss accepts for a (batch, *output_shape) output; None for a loss this does not know."""
    name = _loss_name(loss)
    if name is None:
        return None
    rng = np.random.default_rng(LABEL_SEED)
    full = (batch, *output_shape)
    if "sparse_categorical" in name:
        return rng.integers(0, output_shape[-1], full[:-1]).astype(np.int32)
    if "categorical" in name:
        return np.eye(output_shape[-1], dtype=np.float32)[rng.integers(0, output_shape[-1], full[:-1])]
    if "binary" in name:
        return rng.integers(0, 2, full).astype(np.float32)
    return rng.normal(size=full).astype(np.float32)


def skip_reason(original: keras.Model, module) -> str | None:
    if not getattr(original, "compiled", False) or getattr(original, "optimizer", None) is None:
        return "the model is not compiled"
    if not hasattr(module, "train_step"):
        return "the lowering has no train_step"
    if len(original.inputs) != 1 or len(original.outputs) != 1 or not isinstance(original.loss, (str, keras.losses.Loss)):
        return "not one input, one output and one loss"
    return None


def compare_step(original: keras.Model, module, x: np.ndarray, pairs: list[tuple]) -> list[dict]:
    """The comparison cases of one step (case "train step"); [] when the step cannot be taken. `pairs`:
    (module variable, index of the Keras weight loaded into it)."""
    y = labels(original.loss, tuple(np.shape(original(x, training=False))[1:]), len(x))
    if y is None:
        return []
    optimizer = original.optimizer
    if not optimizer.built:
        optimizer.build(original.trainable_variables)
    saved = [v.numpy() for v in optimizer.variables]
    keras_logs = original.train_on_batch(x, y, return_dict=True)
    module.build_training_state()
    module.reset_metrics()  # train_on_batch resets Keras's metrics before its step
    module.train_step(x, y)
    ours = module.metrics_result()
    cases = [{"case": "train step", "layer": name,
              **compare(np.float32(value), np.float32(ours.get(name, np.nan)), finite=True)}
             for name, value in keras_logs.items()]
    after = original.get_weights()
    cases += [{"case": "train step", "layer": original.weights[j].path,
               **compare(after[j], variable.numpy(), finite=True)} for variable, j in pairs]
    for variable, value in zip(optimizer.variables, saved):
        variable.assign(value)
    return cases
