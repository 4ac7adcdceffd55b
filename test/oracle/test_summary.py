"""The engine's static summary equals what Keras reports after running the fixture's own source."""
import pytest

from harness import oracle, programs
from harness.verdicts import program_problems


@pytest.mark.parametrize("program,var", programs.model_cases())
def test_summary_matches_keras(program: str, var: str) -> None:
    run = oracle.run(program)
    assert not program_problems(run), program_problems(run)
    keras_model = run.facts[var]
    engine_model = run.engine_model(var)
    assert engine_model is not None, f"the engine found no model bound to `{var}`"
    for key in ("name", "class", "totalParams", "trainableParams", "nonTrainableParams"):
        assert engine_model[key] == keras_model[key], f"{key}: engine {engine_model[key]!r}, Keras {keras_model[key]!r}"
    engine_rows = [{k: row[k] for k in ("name", "class", "outputShape", "params")} for row in engine_model["layers"]]
    assert engine_rows == keras_model["layers"]
