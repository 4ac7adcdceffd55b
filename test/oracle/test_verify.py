"""`keras-lower verify` with this interpreter: per model only the slice of the file that builds it runs (offline,
without the data, training, pandas or matplotlib the whole script needs), a correct lowering verifies (every
lowered layer within tolerance), a wrong one is caught by the worker, a layer left as Keras is "not lowered", and
a model that cannot be built says why in one line, blaming the user's code only when the user's code failed."""
import importlib.util
import json
import os
import subprocess
import sys

from harness.paths import CLI, FIXTURES, RESULTS, ROOT

WORKER = CLI.parent / "verify_worker.py"
WHOLE_SCRIPTS = FIXTURES / "verify"
# Any download would fail: the proxy is a closed local port.
OFFLINE = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}


def verify(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(CLI), "verify", *args, "--python", sys.executable],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=OFFLINE)


def models_of(proc: subprocess.CompletedProcess) -> dict:
    return {model["variable"]: model for model in json.loads(proc.stdout)["models"]}


def test_seed_cnn_verifies_in_both_modes() -> None:
    proc = verify(str(FIXTURES / "seed_cnn.py"), "--json")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    (model,) = models_of(proc).values()
    rows = model["layerMode"]["layers"]
    assert [row["class"] for row in rows] == ["Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    assert all(row["ok"] and row["abs"] <= 1e-5 and row.get("lowered", True) for row in rows), rows
    assert model["moduleMode"]["ok"], model["moduleMode"]


def test_text_report_names_each_layer() -> None:
    proc = verify(str(FIXTURES / "seed_mlp.py"))
    assert proc.returncode == 0, proc.stderr
    assert "verified: every lowering matches Keras" in proc.stdout
    assert "dense_1" in proc.stdout and "module mode: matches Keras" in proc.stdout


def test_whole_scripts_verify_offline_without_their_data_or_plotting_libraries() -> None:
    # Running these files would fail here: the venv has neither matplotlib nor pandas (and no network).
    assert importlib.util.find_spec("matplotlib") is None and importlib.util.find_spec("pandas") is None
    proc = verify(str(WHOLE_SCRIPTS / "mnist_convnet_whole.py"), "--json")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    (model,) = models_of(proc).values()
    assert [row["class"] for row in model["layerMode"]["layers"]] == [
        "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense"]
    assert model["moduleMode"]["ok"] and model["seconds"] < 30, model
    assert not (WHOLE_SCRIPTS / "mnist_convnet.keras").exists()

    proc = verify(str(WHOLE_SCRIPTS / "tabular_pandas_subclass.py"), "--json")
    assert proc.returncode == 0, proc.stderr + proc.stdout
    models = models_of(proc)
    assert all(model["seconds"] < 30 for model in models.values()), models
    regressor = models["regressor"]["layerMode"]["layers"]
    # Normalization has no lowering: compared with itself it proves nothing, so it is no tick.
    assert [row["layer"] for row in regressor if row.get("lowered") is False] == ["normalization"]
    assert all(row["ok"] for row in regressor), regressor
    # The subclassed model is built from the input shape keras-lower inferred (it has no `inputs`).
    assert models["classifier"]["layerMode"]["ok"], models["classifier"]
    assert not (WHOLE_SCRIPTS / "classifier.keras").exists()


def test_each_model_says_in_one_line_why_it_was_not_verified() -> None:
    proc = verify(str(WHOLE_SCRIPTS / "one_model_needs_data.py"), "--json")
    assert proc.returncode == 8, proc.stderr + proc.stdout
    models = models_of(proc)
    assert models["wide"]["errorKind"] == "unverifiable"
    assert models["wide"]["error"] == ("could not verify: `width` comes from data keras-lower cannot follow "
                                       "(line 7, from `table` at line 6)")
    assert models["tower"]["errorKind"] == "userCode"
    assert models["tower"]["error"] == ("your code failed at line 13 of the slice (which is line 13 of your "
                                        "file): ValueError: towers deeper than 2 are not supported")
    assert models["small"]["layerMode"]["ok"] and models["small"]["moduleMode"]["ok"], models["small"]
    text = verify(str(WHOLE_SCRIPTS / "one_model_needs_data.py")).stdout
    assert "NOT verified" in text and "Traceback" not in text


def test_a_wrong_lowering_is_reported() -> None:
    folder = RESULTS / "verify"
    folder.mkdir(parents=True, exist_ok=True)
    source = FIXTURES / "realworld" / "mnist_convnet.py"  # only model code: the file is its own slice
    lowered = subprocess.run(["node", str(CLI), "lower", str(source), "--mode", "layer"],
                             cwd=ROOT, capture_output=True, text=True, check=True).stdout
    wrong = folder / "flipped_kernel.py"
    flipped = "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),"
    wrong.write_text(lowered.replace("tf.nn.convolution(inputs, self.kernel,", flipped, 1))
    assert flipped in wrong.read_text()
    job, out = folder / "job.json", folder / "out.json"
    job.write_text(json.dumps({"file": str(source), "models": [
        {"variable": "model", "slice": {"path": str(source)}, "inputs": [],
         "layerMode": {"path": str(wrong)}, "moduleMode": {"refused": "not asked"}}]}))
    subprocess.run([sys.executable, str(WORKER), str(job), str(out)], check=True, timeout=600)
    (model,) = json.loads(out.read_text())["models"]
    assert model["layerMode"]["ok"] is False
    assert model["layerMode"]["layers"][0]["problem"], model["layerMode"]["layers"][0]


def test_a_model_without_call_is_unverifiable_and_its_parts_verify() -> None:
    # keras.io's VAE trains its encoder and decoder in train_step and defines no call(): nothing to compare.
    proc = verify(str(FIXTURES / "programs" / "vae_mnist_sampling_layer.py"), "--json")
    models = models_of(proc)
    assert models["vae"]["errorKind"] == "unverifiable", models["vae"]
    assert models["vae"]["error"].startswith("could not verify: `vae` (VAE) defines no call()"), models["vae"]
    assert models["decoder"]["layerMode"]["ok"] and models["decoder"]["moduleMode"]["ok"], models["decoder"]
