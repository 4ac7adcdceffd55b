"""The engine's rules against Keras's surface, read at test time: every constructor argument of every
class a rule handles is declared by the rule, and activation names come from Keras, not from us."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness import engine, matrix
from harness.paths import RESULTS

ORACLE_DIR = Path(__file__).resolve().parent
# Every class the catalog issue names: each must have a rule that declares all of its constructor arguments.
ISSUE_LAYERS = {
    "Dense", "EinsumDense", "Embedding",
    "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
    "DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D",
    "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
    "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
    "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
    "Flatten", "Reshape", "Permute", "RepeatVector", "UpSampling1D", "UpSampling2D", "UpSampling3D",
    "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D",
    "Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
    "ActivityRegularization",
    "BatchNormalization", "LayerNormalization", "GroupNormalization", "UnitNormalization",
    "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax",
    "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot",
    "SimpleRNN", "LSTM", "GRU", "Bidirectional", "TimeDistributed",
    "MultiHeadAttention", "Attention", "AdditiveAttention", "Rescaling", "Identity", "Masking",
}


@pytest.fixture(scope="module")
def rules() -> dict:
    return engine.rules()


@pytest.fixture(scope="module")
def keras_surface(rules: dict) -> dict:
    classes = sorted({cls for rule in rules["rules"] for cls in rule["classes"]} | ISSUE_LAYERS)
    proc = subprocess.run(
        [sys.executable, "-m", "harness.keras_api", *classes], cwd=ORACLE_DIR, capture_output=True, text=True
    )
    assert proc.returncode == 0, f"could not read Keras's API:\n{proc.stderr[-3000:]}"
    return json.loads(proc.stdout)


def test_issue_layers_have_rules(rules: dict) -> None:
    covered = {cls for rule in rules["rules"] for cls in rule["classes"]}
    assert ISSUE_LAYERS <= covered, f"no rule for {sorted(ISSUE_LAYERS - covered)}"


def test_every_constructor_argument_is_declared(rules: dict, keras_surface: dict) -> None:
    undeclared = []
    for rule in rules["rules"]:
        declared = {arg["name"] for arg in rule["args"]}
        for cls in rule["classes"]:
            keras_args = keras_surface["classes"][cls] + keras_surface["base"]
            undeclared += [f"{cls}({name}=...)" for name in keras_args if name not in declared]
    assert not undeclared, "arguments Keras accepts that no rule accounts for: " + ", ".join(undeclared)


def test_supported_activations_exist_in_keras(rules: dict, keras_surface: dict) -> None:
    unknown = set(rules["activations"]) - set(keras_surface["activations"])
    assert not unknown, f"the engine supports activations Keras does not have: {sorted(unknown)}"
    missing = set(matrix.ACTIVATIONS) - set(rules["activations"])
    assert not missing, f"activations the issue requires but the engine does not lower: {sorted(missing)}"


def test_unsupported_activations_are_refused(rules: dict, keras_surface: dict) -> None:
    unsupported = sorted(set(keras_surface["activations"]) - set(rules["activations"]))
    assert unsupported, "Keras has no activation the engine leaves out: nothing to check"
    path = RESULTS / "programs" / "unsupported_activations.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["import keras", ""]
    lines += [
        f"act_{name} = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(4, activation={name!r})])"
        for name in unsupported
    ]
    path.write_text("\n".join(lines) + "\n")
    models = {m["variable"]: m for m in engine.summary(path)["models"]}
    problems = []
    for name in unsupported:
        rows = [r for r in models.get(f"act_{name}", {}).get("layers", []) if r["class"] == "Dense"]
        if len(rows) != 1:
            problems.append(f"{name}: the engine found no Dense layer")
        elif rows[0]["status"] != "refused" or not rows[0]["reasons"]:
            problems.append(f"{name}: status {rows[0]['status']!r}, reasons {rows[0]['reasons']!r}")
    assert not problems, "activations Keras accepts that the engine does not refuse:\n" + "\n".join(problems)
