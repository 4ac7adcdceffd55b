"""Module mode's initializer math (Glorot-uniform, orthogonal, zeros, the LSTM forget-gate ones) drawn
repeatedly and tested statistically against the initializer Keras configures for the same weight."""
import pytest

from harness import oracle, programs
from harness.verdicts import program_problems

# Programs whose models have weights; the others have nothing to initialise.
WITH_WEIGHTS = ["seed_mlp", "seed_cnn", "seed_lstm", "functional_cnn", "matrix_dense", "matrix_einsumdense", "matrix_embedding", "matrix_conv2d", "matrix_lstm",
                "matrix_simplernn", "matrix_gru", "matrix_bidirectional", "matrix_timedistributed"]


@pytest.mark.parametrize("program", WITH_WEIGHTS)
def test_initializers_match_keras(program: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    problems = []
    for var in run.program.models:
        for low in run.for_model(var, "module"):
            checks = (low.result or {}).get("initializers") or []
            if len(checks) != run.facts[var]["weightCount"]:
                problems.append(f"{var}: {len(checks)} of {run.facts[var]['weightCount']} weights checked "
                                "(module-mode lowering failed to load its weights?)")
            problems += [f"{var}: {c['weight']} ({c['initializer']}): {c['problem']}" for c in checks if not c["ok"]]
    assert not problems, "\n".join(problems)
