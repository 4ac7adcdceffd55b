"""Real-world model code lowered: in every fixture under test/fixtures/realworld/, each model the engine
lowers as a whole (module mode) is run under Keras and compared with the original on the same weights and
inputs, and in training mode wherever it is deterministic (one step where the model is compiled). A model
the engine refuses is not lowered, so it is not judged; how many were judged is printed in
the oracle table ("real-world models")."""
import pytest

from harness import oracle, programs
from harness.verdicts import failures, program_problems, training_gaps


@pytest.mark.parametrize("program", [p.name for p in programs.REALWORLD])
def test_realworld_lowerings_match_keras(program: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    # Where the engine refuses the model (shared layers, user layers, subclasses), nothing is claimed or judged.
    judged = [low for low in run.lowerings.values() if not _refused(low)]
    problems = [p for low in judged for p in failures(low) + training_gaps(low)]
    assert not problems, "\n".join(problems)


def _refused(low: oracle.Lowering) -> bool:
    return any("exited 7" in problem for problem in low.problems)
