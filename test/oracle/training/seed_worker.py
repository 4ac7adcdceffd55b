"""One seed training fixture against Keras, in a fresh process: the fixture's own source builds and compiles the
Keras model (its fit/evaluate/predict calls are skipped, so the optimizer starts fresh), the lowered standalone
module takes its weights, and both take the same optimizer steps on the same random batches; then the lowered
module alone trains a few epochs with its fit() and must bring the loss down.
Usage: python seed_worker.py FIXTURE.py LOWERED.py OUT.json"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from harness.compare import compare  # noqa: E402

STEPS, BATCH = 3, 8


def build_keras_model(fixture: Path):
    """Runs the fixture with Model.fit/evaluate/predict as no-ops: the model as the file builds and compiles it."""
    skipped = {name: getattr(keras.Model, name) for name in ("fit", "evaluate", "predict")}
    for name in skipped:
        setattr(keras.Model, name, lambda self, *args, **kwargs: None)
    try:
        namespace: dict = {}
        exec(compile(fixture.read_text(), str(fixture), "exec"), namespace)
    finally:
        for name, method in skipped.items():
            setattr(keras.Model, name, method)
    return namespace["model"]


def main(fixture: str, lowered_path: str, out: str) -> None:
    model = build_keras_model(Path(fixture))
    spec = importlib.util.spec_from_file_location(Path(lowered_path).stem, lowered_path)
    lowered = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lowered)
    module = lowered.ModelTF()
    module.load_keras_weights(model)
    module.build_training_state()

    rng = np.random.default_rng(0)
    input_shape = tuple(model.inputs[0].shape[1:])
    classes = model.outputs[0].shape[-1]
    checks, steps = [], []
    for step in range(STEPS):
        x = rng.random((BATCH, *input_shape), dtype=np.float32)
        y = np.eye(classes, dtype=np.float32)[rng.integers(0, classes, BATCH)]
        keras_logs = model.train_on_batch(x, y, return_dict=True)
        module.reset_metrics()  # train_on_batch resets Keras's metrics before its step
        module.train_step(x, y)
        ours = module.metrics_result()
        step_checks = []
        for name, value in keras_logs.items():
            result = compare(np.float32(value), np.float32(ours.get(name, np.nan)))
            result["what"] = f"step {step + 1} {name}"
            step_checks.append(result)
        for index, (ref, got) in enumerate(zip(model.get_weights(), [v.numpy() for v in module.training_variables()])):
            result = compare(ref, got)
            result["what"] = f"step {step + 1} weight {index} {ref.shape}"
            step_checks.append(result)
        checks += step_checks
        steps.append({
            "step": step + 1,
            "keras_loss": float(keras_logs["loss"]),
            "loss": ours["loss"],
            "ok": all(c["ok"] for c in step_checks),
            "abs": max(c["abs"] or 0.0 for c in step_checks),
            "rel": max(c["rel"] or 0.0 for c in step_checks),
            "problem": next((f"{c['what']}: {c['problem']}" for c in step_checks if not c["ok"]), None),
        })

    # The lowered script trains on its own: a few epochs of fit() on one small fixed set, then evaluate/predict.
    tf.random.set_seed(0)
    x = rng.random((64, *input_shape), dtype=np.float32)
    y = np.eye(classes, dtype=np.float32)[rng.integers(0, classes, 64)]
    history = module.fit(x, y, batch_size=16, epochs=4, validation_split=0.0, shuffle=False, verbose=0)
    evaluated = module.evaluate(x, y, verbose=0)
    predicted = module.predict(x[:5])
    Path(out).write_text(json.dumps({
        "steps": steps,
        "history": history,
        "evaluated": evaluated,
        "predicted_shape": list(predicted.shape),
        "classes": int(classes),
    }))


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    main(*sys.argv[1:])
