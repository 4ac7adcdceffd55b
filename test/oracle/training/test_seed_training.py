"""The seed's CNN and LSTM examples with compile(optimizer='adam', loss='categorical_crossentropy',
metrics=['accuracy']) and fit() added (test/fixtures/training/), lowered with `-o` to standalone pure-TensorFlow
modules: each optimizer step equals Keras's train_on_batch (loss, accuracy and every weight within
1e-5 + 1e-5·|ref|), and the lowered fit() brings the loss down."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engine import _node
from harness.lowered_ast import check_module_mode
from harness.paths import CLI, FIXTURES

HERE = Path(__file__).resolve().parent
SEEDS = ["seed_cnn_train", "seed_lstm_train"]
# The seed article's own bug, reintroduced: crossentropy on the softmax output treated as logits.
DOUBLE_SOFTMAX = ("logits=logits", "logits=y_pred")


def run_seed(name: str, tmp: Path, mutant: tuple[str, str] | None = None) -> dict:
    fixture = FIXTURES / "training" / f"{name}.py"
    lowered = tmp / f"{name}_tf.py"
    _node([str(CLI), "lower", str(fixture), "-o", str(lowered)])
    if mutant:
        text = lowered.read_text()
        assert text.count(mutant[0]) == 1, f"the mutant's target `{mutant[0]}` is not in the lowered text once"
        lowered.write_text(text.replace(*mutant))
    out = tmp / "out.json"
    proc = subprocess.run(
        [sys.executable, str(HERE / "seed_worker.py"), str(fixture), str(lowered), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"name": name, "text": lowered.read_text(), **json.loads(out.read_text())}


@pytest.fixture(scope="module", params=SEEDS)
def seed(request, tmp_path_factory) -> dict:
    return run_seed(request.param, tmp_path_factory.mktemp(request.param))


def test_lowered_script_is_pure_tensorflow_training(seed) -> None:
    text = seed["text"]
    for method in ("def train_step", "def fit(", "def evaluate(", "def predict(", "tf.GradientTape()"):
        assert method in text, f"{seed['name']}: no `{method}` in the lowered module"
    assert check_module_mode("", text, "ModelTF") == [], f"{seed['name']}: the lowered module uses Keras"


def test_one_step_equals_keras_train_on_batch(seed) -> None:
    first = seed["steps"][0]
    print(f"{seed['name']} step 1: loss {first['loss']:.6f} (Keras {first['keras_loss']:.6f}), worst abs {first['abs']:.3g}, rel {first['rel']:.3g}")
    assert first["ok"], first["problem"]


def test_three_steps_equal_keras(seed) -> None:
    for step in seed["steps"]:
        print(f"{seed['name']} step {step['step']}: worst abs {step['abs']:.3g}, rel {step['rel']:.3g}")
        assert step["ok"], step["problem"]


def test_loss_goes_down(seed) -> None:
    losses = seed["history"]["loss"]
    print(f"{seed['name']} lowered fit() losses: {[round(loss, 4) for loss in losses]}")
    assert losses[-1] < losses[0]
    assert seed["predicted_shape"] == [5, seed["classes"]]
    assert len(seed["evaluated"]) == 2  # loss and accuracy, as Keras's evaluate() returns them


def test_double_softmax_mutant_is_rejected(tmp_path) -> None:
    result = run_seed("seed_cnn_train", tmp_path, DOUBLE_SOFTMAX)
    assert not result["steps"][0]["ok"], "the double-softmax mutant passed the oracle: the check cannot fail"
