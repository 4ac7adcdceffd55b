"""The training oracle: compile() lowered to a GradientTape step must update every weight and report the
loss exactly as Keras's train_on_batch does, for one and three steps (issue 6); mutants must fail."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engine import EngineError, _node
from harness.paths import CLI, FIXTURES

from training.cases import Case, cases, mutant_cases

HERE = Path(__file__).resolve().parent
CASES = cases()
MUTANTS = mutant_cases()


def lower(case: Case, tmp: Path) -> str:
    fixture = tmp / f"{case.id}.py"
    out = tmp / f"{case.id}_tf.py"
    fixture.write_text(case.source)
    _node([str(CLI), "lower", str(fixture), "-o", str(out)])
    text = out.read_text()
    if "def train_step" not in text:
        raise EngineError(f"{case.id}: training was not lowered:\n{text[-2000:]}")
    if case.mutant:
        find, replace = case.mutant
        if find not in text:
            raise EngineError(f"{case.id}: the mutant's target `{find}` is not in the lowered text")
        text = text.replace(find, replace)
    return text


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("training")
    job = [
        {"id": case.id, "source": case.source, "labels": case.labels, "lowered": lower(case, tmp), "dir": str(tmp)}
        for case in CASES + MUTANTS
    ]
    (tmp / "job.json").write_text(json.dumps(job))
    subprocess.run(
        [sys.executable, str(HERE / "train_worker.py"), str(tmp / "job.json"), str(tmp / "out.json")],
        check=True,
        timeout=900,
    )
    return {result["id"]: result for result in json.loads((tmp / "out.json").read_text())}


def test_at_least_thirty_loss_optimizer_pairs() -> None:
    assert len(CASES) >= 30
    assert len({case.id.split("-")[1] for case in CASES}) >= 11


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_training_steps_equal_keras(results, case: Case) -> None:
    result = results[case.id]
    assert result["ok"], result["problem"]


@pytest.mark.parametrize("case", MUTANTS, ids=lambda case: case.id)
def test_mutant_is_rejected(results, case: Case) -> None:
    result = results[case.id]
    assert not result["ok"], f"{case.id} passed the oracle: the check cannot fail"


def test_worst_errors_are_reported(results) -> None:
    worst_abs = max(results[case.id].get("abs") or 0.0 for case in CASES)
    worst_rel = max(results[case.id].get("rel") or 0.0 for case in CASES)
    print(f"training oracle: {len(CASES)} cases, worst abs {worst_abs:.3g}, worst rel {worst_rel:.3g}")
    assert worst_abs <= 1e-4


def test_seed_example_trains_with_its_loss_going_down(tmp_path) -> None:
    out = tmp_path / "seed_mlp_tf.py"
    _node([str(CLI), "lower", str(FIXTURES / "training" / "seed_mlp_train.py"), "-o", str(out)])
    script = f"""
import sys, numpy as np
sys.path.insert(0, {str(tmp_path)!r})
import tensorflow as tf
tf.random.set_seed(0)
from seed_mlp_tf import ModelTF
rng = np.random.default_rng(0)
x = rng.random((512, 784), dtype=np.float32)
y = np.eye(10, dtype=np.float32)[rng.integers(0, 10, 512)]
model = ModelTF()
history = model.fit(x, y, verbose=0)
loss, accuracy = model.evaluate(x, y, verbose=0)
assert model.predict(x[:8]).shape == (8, 10)
print(history["loss"])
assert history["loss"][-1] < history["loss"][0], history
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
