"""Every mutant of a real lowering must be rejected, and its unmutated lowering must pass: otherwise
the rejection proves nothing."""
import pytest

from harness import engine, mutants, oracle
from harness.verdicts import failures


def test_every_lowered_rule_has_a_mutant() -> None:
    attacked = {m.rule for m in mutants.MUTANTS}
    lowered = [rule["classes"] for rule in engine.rules()["rules"] if rule["lowered"]]
    unattacked = [classes for classes in lowered if not attacked & set(classes)]
    assert "module" in attacked, "module mode has no mutant"
    assert not unattacked, f"lowered rules without a mutant: {unattacked}"


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.name)
def test_mutant_is_rejected(mutant: mutants.Mutant) -> None:
    run = oracle.run(mutant.program)
    base = run.lowerings.get(mutant.target_id)
    assert base is not None, f"the engine produced no {mutant.target_id} lowering"
    assert not failures(base), "the unmutated lowering already fails:\n" + "\n".join(failures(base))
    low = run.mutants[mutant.name]
    assert not low.problems, low.problems
    assert low.result is not None, "the Keras process returned no verdict for the mutant"
    assert not low.result["ok"], f"mutant survived: {mutant.why}"
