"""Module mode: the whole model as a tf.Module (through the language server's code action, equal to the
CLI's output), weights loaded with load_keras_weights, final outputs compared with Keras's."""
import pytest

from harness import oracle, programs
from harness.verdicts import failures, program_problems


@pytest.mark.parametrize("program,var", programs.model_cases())
def test_model_lowers_to_tf_module(program: str, var: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    lowerings = run.for_model(var, "module")
    assert len(lowerings) == 1, f"expected one module-mode lowering of `{var}`, got {len(lowerings)}"
    problems = failures(lowerings[0])
    assert not problems, "\n".join(problems)
