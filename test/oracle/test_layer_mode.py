"""Layer mode: each layer lowered on its own (through the language server's code action, equal to the
CLI's output), the model still built by Keras, weights carried over with set_weights, and every layer's
output compared with Keras's on uniform, large and NaN/Inf inputs."""
import pytest

from harness import oracle, programs
from harness.verdicts import failures, program_problems


@pytest.mark.parametrize("program,var", programs.model_cases())
def test_each_layer_lowers_exactly(program: str, var: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    lowered = {low.target.layer for low in run.for_model(var, "layer")}
    keras_layers = {row["name"] for row in run.facts[var]["layers"] if row["class"] != "InputLayer"}
    assert keras_layers <= lowered, f"layers never lowered: {sorted(keras_layers - lowered)}"
    problems = [p for low in run.for_model(var, "layer") for p in failures(low)]
    assert not problems, "\n".join(problems)
