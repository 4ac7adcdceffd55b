"""Every mutant of a real lowering must be rejected, and its unmutated lowering must pass: otherwise
the rejection proves nothing."""
import pytest

from harness import engine, mutants, oracle
from harness.verdicts import failures, rejections
from test_layer_mode import EXPECTED_FAILURES


def test_every_lowered_rule_has_a_mutant() -> None:
    attacked = {m.rule for m in mutants.MUTANTS}
    lowered = [rule["classes"] for rule in engine.rules()["rules"] if rule["lowered"]]
    unattacked = [classes for classes in lowered if not attacked & set(classes)]
    assert "module" in attacked, "module mode has no mutant"
    assert not unattacked, f"lowered rules without a mutant: {unattacked}"


NUMERICAL = {"numbers", "numbers in training", "initializer statistics"}
SHAPE_ONLY = {"shape", "build"}


def test_every_mutant_dies_on_the_numbers_or_says_why_not() -> None:
    """A mutant rejected by a shape or a build is kept only beside a numerical mutant of the same rule, and its
    text says why the rule has no shape-preserving bug worth catching."""
    unknown = [m.name for m in mutants.MUTANTS if m.rejected_by not in NUMERICAL | SHAPE_ONLY]
    assert not unknown, f"mutants with an unknown rejecting check: {unknown}"
    numerical_rules = {(m.rule, m.program) for m in mutants.MUTANTS if m.rejected_by in NUMERICAL}
    alone = [m.name for m in mutants.MUTANTS
             if m.rejected_by in SHAPE_ONLY and (m.rule, m.program) not in numerical_rules]
    assert not alone, f"shape/build mutants without a numerical mutant of the same rule: {alone}"
    unexplained = [m.name for m in mutants.MUTANTS if m.rejected_by in SHAPE_ONLY and "Kept beside" not in m.why]
    assert not unexplained, f"shape/build mutants that do not say why they are kept: {unexplained}"


@pytest.mark.parametrize("mutant", mutants.MUTANTS, ids=lambda m: m.name)
def test_mutant_is_rejected(mutant: mutants.Mutant) -> None:
    run = oracle.run(mutant.program)
    base = run.lowerings.get(mutant.target_id)
    assert base is not None, f"the engine produced no {mutant.target_id} lowering"
    if base.target.layer and (mutant.program, mutant.model) in EXPECTED_FAILURES:
        # The unmutated lowering is a known engine bug (test_layer_mode lists it): no verdict on the mutant
        # until it is fixed, and the bug must still be there.
        assert failures(base), f"{mutant.target_id} now passes: take it off EXPECTED_FAILURES"
        return
    assert not failures(base), "the unmutated lowering already fails:\n" + "\n".join(failures(base))
    low = run.mutants[mutant.name]
    assert not low.problems, low.problems
    assert low.result is not None, "the Keras process returned no verdict for the mutant"
    assert not low.result["ok"], f"mutant survived: {mutant.why}"
    # Rejected for the right reason: a value mutant by the numbers (NaN/Inf positions may differ as well), with
    # the same shapes and the same build; a random layer's by its training-mode numbers; an initializer's by the
    # statistics of its draws.
    rejected = rejections(low)
    # A shape mutant may be seen by several shape-driven checks; every other kind by its one check alone.
    allowed = {"numbers", "nonfinite"} if mutant.rejected_by == "numbers" else (
        {"shape", "numbers", "nonfinite"} if mutant.rejected_by == "shape" else {mutant.rejected_by})
    assert mutant.rejected_by in rejected and rejected <= allowed, (
        f"{mutant.name} must be rejected by {mutant.rejected_by!r}, was by {sorted(rejected)}:\n"
        + "\n".join(failures(low, with_initializers=True)))
