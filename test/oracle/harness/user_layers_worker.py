"""Runs user-layer programs in a fresh process: `python -m harness.user_layers_worker keras|lowered JOB OUT`.
keras: runs each original program, sets seeded random weights, records inputs, weights and outputs.
lowered: runs each lowered program, copies the recorded weights in (set_weights; module mode also through
load_keras_weights) and records its outputs on the same inputs. Errors are recorded per program, never raised."""
from __future__ import annotations

import json
import os
import pickle
import runpy
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from .inputs import BATCH, LARGE, random_weights  # noqa: E402

INPUT_SEED = 7


def make_inputs(specs: list[str]) -> dict[str, list[np.ndarray]]:
    """`f:4,5` float32 (batch, 4, 5) uniform in [-2, 2) (and x1e4); `i:4,5` int32 in [-3, 7)."""
    rng = np.random.default_rng(INPUT_SEED)
    uniform, large = [], []
    for spec in specs:
        kind, dims = spec.split(":")
        shape = (BATCH, *(int(d) for d in dims.split(",")))
        if kind == "i":
            array = rng.integers(-3, 7, shape).astype(np.int32)
            uniform.append(array)
            large.append(array)
        else:
            array = rng.uniform(-2, 2, shape).astype(np.float32)
            uniform.append(array)
            large.append(array * np.float32(LARGE))
    return {"uniform": uniform, "large": large}


def outputs(fn, arrays: list[np.ndarray]) -> list[np.ndarray]:
    result = fn(arrays[0] if len(arrays) == 1 else arrays)
    items = result if isinstance(result, (list, tuple)) else [result]
    return [np.asarray(item) for item in items]


def run_keras(item: dict) -> dict:
    model = runpy.run_path(item["path"], run_name="__oracle__")["model"]
    weights = random_weights([(w.path, tuple(w.shape), w.dtype) for w in model.weights])
    model.set_weights(weights)
    cases = make_inputs(item["inputs"])
    return {
        "weights": weights,
        "inputs": cases,
        "outputs": {name: outputs(model, arrays) for name, arrays in cases.items()},
        "traced": {name: outputs(lambda x: model.predict(x, verbose=0), arrays) for name, arrays in cases.items()},
    }


def run_lowered(item: dict, recorded: dict) -> dict:
    namespace = runpy.run_path(item["lowered"], run_name="__oracle__")
    model = namespace["model"]
    model.set_weights(recorded["weights"])
    if item["mode"] == "module":
        module = namespace["ModelTF"]()
        module.load_keras_weights(model)
        call = lambda x: module(*(x if isinstance(x, list) else [x]))  # noqa: E731
        results = {name: outputs(call, arrays) for name, arrays in recorded["inputs"].items()}
        return {"outputs": results, "traced": results}
    return {
        "outputs": {name: outputs(model, arrays) for name, arrays in recorded["inputs"].items()},
        "traced": {
            name: outputs(lambda x: model.predict(x, verbose=0), arrays) for name, arrays in recorded["inputs"].items()
        },
    }


def main() -> None:
    side, job_path, out_path = sys.argv[1:]
    job = json.loads(open(job_path).read())
    recorded = pickle.load(open(job["recorded"], "rb")) if side == "lowered" else {}
    results = {}
    for item in job["items"]:
        keras.utils.clear_session()
        try:
            results[item["id"]] = run_keras(item) if side == "keras" else run_lowered(item, recorded[item["id"]])
        except Exception:  # noqa: BLE001 - every failure is a verdict for that program
            results[item["id"]] = {"error": traceback.format_exc(limit=4)}
    pickle.dump(results, open(out_path, "wb"))


if __name__ == "__main__":
    main()
