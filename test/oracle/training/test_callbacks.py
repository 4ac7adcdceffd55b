"""The callback oracle (issue 6): fit() with EarlyStopping and ModelCheckpoint, lowered, must stop at the
epoch Keras stops, restore the same weights, report the same history, write checkpoints at the same epochs,
and each checkpoint must restore the weights Keras's file holds; mutants of the lowered callbacks must fail."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harness.engine import EngineError, _node
from harness.paths import CLI

from training.callback_cases import CASES, MUTANTS, CallbackCase

HERE = Path(__file__).resolve().parent


def lower(case: CallbackCase, tmp: Path) -> str:
    fixture, out = tmp / f"{case.id}.py", tmp / f"{case.id}_tf.py"
    fixture.write_text(case.source)
    _node([str(CLI), "lower", str(fixture), "-o", str(out)])
    text = out.read_text()
    if "def _early_stopping_epoch_end" not in text and "def _checkpoint_epoch_end" not in text:
        raise EngineError(f"{case.id}: the callbacks were not lowered:\n{text[-2000:]}")
    if case.mutant:
        find, replace = case.mutant
        if text.count(find) != 1:
            raise EngineError(f"{case.id}: the mutant's target `{find}` is not in the lowered text exactly once")
        text = text.replace(find, replace)
    return text


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("callbacks")
    job = [
        {"id": case.id, "source": case.source, "lowered": lower(case, tmp), "dir": str(tmp)}
        for case in CASES + MUTANTS
    ]
    (tmp / "job.json").write_text(json.dumps(job))
    subprocess.run(
        [sys.executable, str(HERE / "callback_worker.py"), str(tmp / "job.json"), str(tmp / "out.json")],
        check=True,
        timeout=600,
    )
    return {result["id"]: result for result in json.loads((tmp / "out.json").read_text())}


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_callbacks_behave_as_in_keras(results, case: CallbackCase) -> None:
    result = results[case.id]
    assert result["ok"], result["problem"]
    # The crafted data still exercises what the case is about (see callback_cases.py).
    assert result["epochs"] == case.epochs_run, f"Keras ran {result['epochs']} epochs, the case expects {case.epochs_run}"


def test_checkpoints_were_compared(results) -> None:
    saved = {case.id: results[case.id]["saved"] for case in CASES}
    assert saved["patience_restore_best_and_best_weights_files"][:2] == ["w-01-0.415", "w-02-0.189"]
    assert saved["whole_model_files_with_threshold"] == ["m-03", "m-04", "m-05"]
    assert saved["max_mode_and_file_overwritten_each_epoch"] == ["last"]


@pytest.mark.parametrize("case", MUTANTS, ids=lambda case: case.id)
def test_callback_mutant_is_rejected(results, case: CallbackCase) -> None:
    result = results[case.id]
    assert not result["ok"], f"{case.id} passed the oracle: the check cannot fail"


def test_worst_callback_errors_are_reported(results) -> None:
    worst_abs = max(results[case.id].get("abs") or 0.0 for case in CASES)
    worst_rel = max(results[case.id].get("rel") or 0.0 for case in CASES)
    print(f"callback oracle: {len(CASES)} cases, worst abs {worst_abs:.3g}, worst rel {worst_rel:.3g}")
    assert worst_abs <= 1e-4
