"""Module mode: the whole model as a tf.Module (through the language server's code action, equal to the
CLI's output), weights loaded with load_keras_weights, final outputs compared with Keras's, and training mode
wherever it is deterministic (one call in training mode: outputs and moving statistics; for a compiled model one
optimizer step: loss, metrics and every weight)."""
import pytest

from harness import oracle, programs
from harness.verdicts import failures, program_problems, trained, training_gaps

# What training mode compares on the hand-written fixtures: (a call in training mode, one optimizer step).
# seed_cnn and seed_lstm are not compiled here; their compiled twins (test/fixtures/training) take the step in
# training/test_seed_training.py. functional_cnn's Dropout is random in training (judged by noise_stats).
HAND_WRITTEN_TRAINING = {"seed_mlp": (True, True), "seed_cnn": (True, False), "seed_lstm": (True, False),
                         "functional_cnn": (False, False)}


@pytest.mark.parametrize("program,var", programs.model_cases())
def test_model_lowers_to_tf_module(program: str, var: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    lowerings = run.for_model(var, "module")
    assert len(lowerings) == 1, f"expected one module-mode lowering of `{var}`, got {len(lowerings)}"
    problems = failures(lowerings[0]) + training_gaps(lowerings[0])
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("program", sorted(HAND_WRITTEN_TRAINING))
def test_hand_written_fixtures_compare_training_mode(program: str) -> None:
    assert set(HAND_WRITTEN_TRAINING) == {p.name for p in programs.HAND_WRITTEN}
    lowering = oracle.run(program).for_model("model", "module")[0]
    assert trained(lowering) == HAND_WRITTEN_TRAINING[program], (lowering.result or {}).get("training")
