"""Runs Keras and the lowered module side by side, one and three training steps from identical weights on
identical batches. Usage: python train_worker.py JOB.json OUT.json (JOB: [{id, source, lowered, labels}])."""
from __future__ import annotations

import importlib.util
import json
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from harness.compare import compare  # noqa: E402

BATCH, STEPS = 16, 3


def labels(kind: str, rng: np.random.Generator) -> np.ndarray:
    if kind == "onehot5":
        return np.eye(5, dtype=np.float32)[rng.integers(0, 5, BATCH)]
    if kind == "sparse5":
        return rng.integers(0, 5, BATCH).astype(np.int32)
    if kind == "binary":
        return rng.integers(0, 2, (BATCH, 1)).astype(np.float32)
    return rng.normal(size=(BATCH, 3)).astype(np.float32)


def worst(results: list[dict]) -> dict:
    bad = [r for r in results if not r["ok"]]
    return {
        "ok": not bad,
        "abs": max((r["abs"] or 0.0) for r in results),
        "rel": max((r["rel"] or 0.0) for r in results),
        "problem": bad[0]["problem"] if bad else None,
    }


def run_case(case: dict) -> dict:
    rng = np.random.default_rng(zlib.crc32(case["id"].encode()))
    namespace: dict = {}
    exec(compile(case["source"], case["id"], "exec"), namespace)
    model = namespace["model"]
    for weight in model.weights:
        weight.assign(rng.uniform(-1, 1, weight.shape).astype(np.float32))
    # Imported from a file, as users run it (autograph reads the source of the tf.functions).
    path = Path(case["dir"]) / f"lowered_{zlib.crc32(case['id'].encode())}.py"
    path.write_text(case["lowered"])
    spec = importlib.util.spec_from_file_location(path.stem, path)
    lowered = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lowered)
    module = lowered.ModelTF()
    module.load_keras_weights(model)
    initial = model.get_weights()
    module.build_training_state()
    checks, losses = [], []
    for step in range(STEPS):
        x = rng.uniform(-2, 2, (BATCH, 8)).astype(np.float32)
        y = labels(case["labels"], rng)
        keras_logs = model.train_on_batch(x, y, return_dict=True)
        module.reset_metrics()  # train_on_batch resets Keras's metrics before its step
        module.train_step(x, y)
        ours = module.metrics_result()
        for name, value in keras_logs.items():
            result = compare(np.float32(value), np.float32(ours.get(name, np.nan)))
            result["what"] = f"step {step + 1} {name}"
            checks.append(result)
        losses.append(ours["loss"])
        if step == 0 and all(np.array_equal(a, b) for a, b in zip(initial, model.get_weights())):
            checks.append({"ok": False, "abs": None, "rel": None, "problem": "Keras did not move", "what": "step 1"})
        if step in (0, STEPS - 1):
            for index, (ref, got) in enumerate(zip(model.get_weights(), [v.numpy() for v in module.training_variables()])):
                result = compare(ref, got)
                result["what"] = f"step {step + 1} weight {index}"
                checks.append(result)
    verdict = worst(checks)
    if not verdict["ok"]:
        verdict["problem"] = f"{next(c['what'] for c in checks if not c['ok'])}: {verdict['problem']}"
    verdict.update(id=case["id"], losses=losses)
    return verdict


def main(job: str, out: str) -> None:
    results = []
    for case in json.loads(Path(job).read_text()):
        try:
            results.append(run_case(case))
        except Exception as error:  # a crash is a failed case, reported with the others
            results.append({"id": case["id"], "ok": False, "problem": f"{type(error).__name__}: {error}"})
    Path(out).write_text(json.dumps(results))


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    tf.config.threading.set_inter_op_parallelism_threads(2)
    main(*sys.argv[1:])
