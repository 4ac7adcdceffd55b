"""`keras-lower verify` with this interpreter: a correct lowering verifies (exit 0, every layer within
tolerance), a wrong one is caught by the worker, and a file that fails under Python is reported, not traced."""
import json
import subprocess
import sys

from harness.paths import CLI, FIXTURES, RESULTS, ROOT

WORKER = CLI.parent / "verify_worker.py"


def verify(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(CLI), "verify", *args, "--python", sys.executable],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_seed_cnn_verifies_in_both_modes() -> None:
    proc = verify(str(FIXTURES / "seed_cnn.py"), "--json")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    report = json.loads(proc.stdout)
    (model,) = report["models"]
    rows = model["layerMode"]["layers"]
    assert [row["class"] for row in rows] == ["Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert all(row["ok"] and row["abs"] <= 1e-5 for row in rows), rows
    assert model["moduleMode"]["ok"], model["moduleMode"]


def test_text_report_names_each_layer() -> None:
    proc = verify(str(FIXTURES / "seed_mlp.py"))
    assert proc.returncode == 0, proc.stderr
    assert "verified: every lowering matches Keras" in proc.stdout
    assert "dense_1" in proc.stdout and "module mode: matches Keras" in proc.stdout


def test_a_wrong_lowering_is_reported() -> None:
    folder = RESULTS / "verify"
    folder.mkdir(parents=True, exist_ok=True)
    lowered = subprocess.run(["node", str(CLI), "lower", str(FIXTURES / "seed_cnn.py"), "--mode", "layer"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    wrong = folder / "flipped_kernel.py"
    flipped = "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),"
    wrong.write_text(lowered.replace("tf.nn.convolution(inputs, self.kernel,", flipped, 1))
    assert flipped in wrong.read_text()
    job, out = folder / "job.json", folder / "out.json"
    job.write_text(json.dumps({"file": str(FIXTURES / "seed_cnn.py"), "models": [
        {"variable": "model", "layerMode": {"path": str(wrong)}, "moduleMode": {"refused": "not asked"}}]}))
    subprocess.run([sys.executable, str(WORKER), str(job), str(out)], check=True, timeout=600)
    (model,) = json.loads(out.read_text())["models"]
    assert model["layerMode"]["ok"] is False
    assert model["layerMode"]["layers"][0]["problem"], model["layerMode"]["layers"][0]


def test_a_failing_file_is_a_clear_error() -> None:
    folder = RESULTS / "verify"
    folder.mkdir(parents=True, exist_ok=True)
    broken = folder / "raises.py"
    broken.write_text("import keras\nmodel = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
                      "raise RuntimeError('the data file is missing')\n")
    proc = verify(str(broken))
    assert proc.returncode == 9
    assert "RuntimeError: the data file is missing" in proc.stderr
