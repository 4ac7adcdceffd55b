"""Real-world model code lowered: in every fixture under test/fixtures/realworld/, each layer the engine
says it lowers (layer mode) and each model all of whose layers it lowers (module mode) is run under Keras
and compared with the original, exactly as the matrix programs are. Layers the engine refuses are not
lowered, so they are not judged; how many were judged is printed in the oracle table."""
import pytest

from harness import oracle, programs
from harness.verdicts import failures, program_problems


@pytest.mark.parametrize("program", [p.name for p in programs.REALWORLD])
def test_realworld_lowerings_match_keras(program: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    problems = [p for low in run.lowerings.values() for p in failures(low)]
    assert not problems, "\n".join(problems)
