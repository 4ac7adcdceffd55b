"""Issue 11's edit repros against real Keras: M14's layer-mode and module-mode lowerings build and compute
what Keras computes, and after lowering every layer of M05 (and of the seed CNN) Keras reports the rows the
engine's re-analysis of the lowered file shows (names, classes, shapes, params). One fresh Keras process."""
import json
import subprocess
import sys
from pathlib import Path

from harness.paths import CLI, FIXTURES

REPROS = FIXTURES / "repros"

WORKER = r"""
import json, runpy, sys
import keras
import numpy as np

paths = json.loads(sys.argv[1])
ref = runpy.run_path(paths["m14"])["model"]
layer = runpy.run_path(paths["m14_layer"])["model"]
layer.set_weights(ref.get_weights())
module = runpy.run_path(paths["m14_module"])["ModelTF"]()
module.load_keras_weights(ref)
x = np.random.default_rng(0).uniform(-2, 2, (5, 7, 4)).astype("float32")
expected = ref(x).numpy()
errors = {
    "layer": float(np.abs(layer(x).numpy() - expected).max()),
    "module": float(np.abs(module(x).numpy() - expected).max()),
}

def rows(model):
    return [
        {"name": l.name, "class": type(l).__name__, "outputShape": list(l.output.shape), "params": l.count_params()}
        for l in model.layers
    ]

def fresh(path):
    # Keras's name counters are per process: each program starts from a cleared session, as in its own run.
    keras.backend.clear_session()
    return runpy.run_path(path)["model"]

lowered = {name: rows(fresh(path)) for name, path in paths["lowered"].items()}
print(json.dumps({"errors": errors, "lowered": lowered}))
"""


def cli(*args: str) -> str:
    return subprocess.run(["node", str(CLI), *args], check=True, capture_output=True, text=True).stdout


def test_edit_repros_match_keras(tmp_path: Path) -> None:
    m14 = REPROS / "M14-reshape-minus-one-layer-mode.py"
    paths = {"m14": str(m14), "m14_layer": str(tmp_path / "m14_layer.py"), "m14_module": str(tmp_path / "m14_module.py")}
    Path(paths["m14_layer"]).write_text(cli("lower", str(m14), "--mode", "layer"))
    Path(paths["m14_module"]).write_text(cli("lower", str(m14), "--mode", "module"))
    engine_rows = {}
    lowered_paths = {}
    for name, source in {"M05": REPROS / "M05-relowered-wrong-shapes.py", "seed_cnn": FIXTURES / "seed_cnn.py"}.items():
        path = tmp_path / f"{name}_layer.py"
        path.write_text(cli("lower", str(source), "--mode", "layer"))
        lowered_paths[name] = str(path)
        (model,) = json.loads(cli("summary", str(path), "--json"))["models"]
        engine_rows[name] = [{k: row[k] for k in ("name", "class", "outputShape", "params")} for row in model["layers"]]
    paths["lowered"] = lowered_paths
    done = subprocess.run([sys.executable, "-c", WORKER, json.dumps(paths)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["errors"]["layer"] <= 1e-5, report["errors"]
    assert report["errors"]["module"] <= 1e-5, report["errors"]
    for name, keras_rows in report["lowered"].items():
        assert any(row["class"].startswith("Tf") for row in keras_rows), f"{name}: nothing was lowered"
        assert engine_rows[name] == keras_rows, name
