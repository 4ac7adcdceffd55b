"""Layer mode: each layer lowered on its own (through the language server's code action, equal to the
CLI's output), the model still built by Keras with the matrix's consumer after the layer, weights carried over
with set_weights, and every layer's output compared with Keras's on uniform, large and NaN/Inf inputs at
batch sizes 1, 3 and 17.

EXPECTED_FAILURES lists known engine bugs the oracle catches, each with its reason; such a case must still
fail (with the named error), and once it passes its test fails until it is taken off the list. The list can
only shrink."""
import pytest

from harness import oracle, programs
from harness.spec import is_chain_layer
from harness.verdicts import failures, program_problems, training_gaps

# (program, model) -> (why, text the failure must contain). Only ever remove entries.
EXPECTED_FAILURES: dict[tuple[str, str], tuple[str, str]] = {
    # M14 (Reshape(-1) in layer mode) was here: fixed on main by the `edits` engineer, its four cases now pass.
    # The 8 depthwise/separable cases with padding='same', strides and dilation_rate above 1 were here: the
    # layer padded by amounts computed at run time, so its Dense consumer could not build; fixed by oracle2.
}


def test_expected_failures_name_real_cases() -> None:
    cases = set(programs.model_cases())
    assert set(EXPECTED_FAILURES) <= cases, sorted(set(EXPECTED_FAILURES) - cases)


@pytest.mark.parametrize("program,var", programs.model_cases())
def test_each_layer_lowers_exactly(program: str, var: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    lowered = {low.target.layer for low in run.for_model(var, "layer")}
    keras_layers = {row["name"] for row in run.facts[var]["layers"]
                    if row["class"] != "InputLayer" and not is_chain_layer(row["name"])}
    assert keras_layers <= lowered, f"layers never lowered: {sorted(keras_layers - lowered)}"
    problems = [p for low in run.for_model(var, "layer") for p in failures(low) + training_gaps(low)]
    if (program, var) in EXPECTED_FAILURES:
        why, symptom = EXPECTED_FAILURES[(program, var)]
        assert problems, f"{program}/{var} now lowers exactly: take it off EXPECTED_FAILURES (was: {why})"
        assert any(symptom in p for p in problems), f"{program}/{var} fails otherwise than {why}:\n" + "\n".join(problems)
        return
    assert not problems, "\n".join(problems)
