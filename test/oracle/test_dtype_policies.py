"""dtype policies (issue 12, item 6): under float64, mixed_float16 and mixed_bfloat16 Keras computes (and for
float64 stores) in another dtype than float32, so the engine must refuse every layer, the reason at the call
that set the policy, never lower them as float32 marked exact. Keras says what each policy does; the engine's
`summary --json` must refuse accordingly. (An explicit dtype="float32" under the float32 policy is lowered and
judged exact by the Dense matrix's `dtype='float32'` case.)"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from harness import engine

# Written like the Keras mixed-precision guide: the policy first, then the model.
POLICIES = {
    "float64": 'keras.config.set_floatx("float64")',
    "mixed_float16": 'keras.mixed_precision.set_global_policy("mixed_float16")',
    "mixed_bfloat16": 'keras.config.set_dtype_policy("mixed_bfloat16")',
    "dense_float64": None,  # the policy left at float32, one layer's own dtype
}
MODEL = (
    "model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(4, activation='relu'{dtype}),\n"
    "                          keras.layers.Dense(3, activation='softmax')])\n"
)

# Keras's own account of each program: every layer's (compute dtype, variable dtype) and the output's dtype.
KERAS_SIDE = """
import json, runpy, sys
import keras
from keras.src.backend.common import global_state
out = {}
for name, path in json.loads(sys.argv[1]).items():
    # Back to Keras's start: floatx float32 and no global policy (a set policy would outrank floatx).
    keras.config.set_floatx("float32")
    global_state.set_global_attribute("dtype_policy", None)
    model = runpy.run_path(path)["model"]
    layers = [(l.compute_dtype, l.variable_dtype) for l in model.layers]
    out[name] = {"layers": layers, "output": str(model(keras.ops.ones((2, 6))).dtype)}
print(json.dumps(out))
"""


def _source(name: str) -> str:
    policy = POLICIES[name]
    lines = ["import keras", policy or "", MODEL.format(dtype=", dtype='float64'" if policy is None else "")]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def programs(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("dtype_policies")
    paths = {}
    for name in POLICIES:
        paths[name] = folder / f"{name}.py"
        paths[name].write_text(_source(name))
    proc = subprocess.run([sys.executable, "-c", KERAS_SIDE, json.dumps({k: str(v) for k, v in paths.items()})],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    keras_side = json.loads(proc.stdout.strip().splitlines()[-1])
    return {name: (paths[name], keras_side[name]) for name in POLICIES}


@pytest.mark.parametrize("name", list(POLICIES))
def test_policy_is_refused_with_its_reason(name: str, programs: dict) -> None:
    path, keras_side = programs[name]
    not_float32 = [i for i, dtypes in enumerate(keras_side["layers"]) if dtypes != ["float32", "float32"]]
    assert not_float32, f"Keras runs {name} all in float32: nothing to refuse ({keras_side})"
    model = engine.summary(path)["models"][0]
    layers = [row for row in model["layers"] if row["class"] != "InputLayer"]
    for i in not_float32:
        row = layers[i]
        assert row["status"] == "refused", f"{row['name']} computes in {keras_side['layers'][i]} but is {row['status']}"
        messages = " ".join(reason["message"] for reason in row["reasons"])
        assert "float32 only" in messages and name.replace("dense_", "") in messages, messages
    for i, row in enumerate(layers):
        if i not in not_float32:
            assert row["status"] == "exact", f"{row['name']} is float32 in Keras but {row['status']}"


@pytest.mark.parametrize("name", [n for n, policy in POLICIES.items() if policy])
def test_refusal_points_at_the_policy_call(name: str, programs: dict) -> None:
    path, _ = programs[name]
    model = engine.summary(path)["models"][0]
    for row in model["layers"]:
        if row["class"] != "InputLayer":
            lines = {reason["range"]["start"]["line"] for reason in row["reasons"]}
            assert 1 in lines, f"{row['name']}: no reason at the policy call (line 2): {row['reasons']}"
    with pytest.raises(engine.EngineError, match="exited"):
        engine.lower_cli(path, engine.Target("model", None, {}))
