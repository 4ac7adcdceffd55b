"""Issue 12's holes in the oracle's own machinery, each pinned by a test that fails on the harness before the
fix: saturating weights, BatchNorm variances that make NaN, one batch size and one unknown size, NaN equal to
NaN on finite inputs, and a verdict with nothing compared. (The mutants in test_mutants.py pin the rest: each
one must die on the numbers.)"""
import keras
import numpy as np

from harness import inputs
from harness.compare import compare
from harness.worker import finish, randomize


def test_kernels_give_unit_variance_pre_activations() -> None:
    # U(-1, 1) kernels made the seed MLP's softmax exactly 0 or 1, which hid a dropped bias.
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128), keras.layers.Dense(10)])
    randomize(model)
    x = np.random.default_rng(0).uniform(-2, 2, (256, 784)).astype(np.float32)
    hidden = model.layers[0](x)
    for name, pre in (("hidden", hidden), ("logits", model.layers[1](hidden))):
        variance = float(np.var(np.asarray(pre)))
        assert 0.5 < variance < 3.0, f"{name} pre-activation variance {variance:.3g} (U(-2, 2) inputs: 1.33)"


def test_moving_variances_are_in_half_to_two() -> None:
    # Variances from U(-1, 1) made 55% of the BatchNormalization outputs NaN on both sides.
    model = keras.Sequential([keras.Input((4096,)), keras.layers.BatchNormalization()])
    randomize(model)
    variance = model.layers[0].moving_variance.numpy()
    assert variance.min() >= 0.5 and variance.max() <= 2.0, (variance.min(), variance.max())


def test_batches_one_three_seventeen_and_two_unknown_sizes() -> None:
    cases = inputs.input_cases([((None, 4), None)])
    shapes = {name: xs[0].shape for name, xs in cases.items()}
    assert {shape[0] for shape in shapes.values()} == {1, 3, 17}, shapes
    assert {shape[1] for shape in shapes.values()} == {inputs.UNKNOWN_DIM, inputs.SECOND_UNKNOWN[inputs.UNKNOWN_DIM]}


def test_nan_on_finite_inputs_fails() -> None:
    nan = np.full((3, 4), np.nan, np.float32)
    verdict = compare(nan, nan.copy(), finite=True)
    assert not verdict["ok"] and verdict["check"] == "nonfinite", verdict
    assert compare(np.zeros((3, 0), np.float32), np.zeros((3, 0), np.float32), finite=True)["check"] == "empty"


def test_nothing_compared_fails() -> None:
    assert not finish({"ok": True, "problems": [], "cases": []})["ok"]
    all_nan = compare(np.full(3, np.nan, np.float32), np.full(3, np.nan, np.float32))  # positions equal: ok
    assert all_nan["ok"] and all_nan["elements"] == 0
    assert not finish({"ok": True, "problems": [], "cases": [{"case": "large", "layer": "x", **all_nan}]})["ok"]
