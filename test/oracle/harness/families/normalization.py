"""Normalization: axes (negative, channels-first, lists), epsilons, momentum, center/scale off, groups, odd
shapes. All deterministic, so training-mode outputs and BatchNormalization's moving statistics after one
training call are compared too."""
from ..spec import Family, Mutant, cases

BATCH_NORMALIZATION = Family(
    "BatchNormalization",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("bn", "keras.layers.BatchNormalization({})", [
        ("", (8,)),
        ("", (5, 7)),
        ("", (4, 4, 3)),
        ("axis=1", (3, 4, 5)),
        ("axis=1", (2, 3, 3, 2)),
        ("axis=-2", (6, 4)),
        ("axis=2", (3, 4, 5)),
        ("axis=3", (4, 4, 2)),
        ("axis=-3", (3, 5, 2)),
        ("1, 0.8", (3, 6)),
        ("momentum=0.9", (6,)),
        ("momentum=0.5, epsilon=1e-5", (4, 4, 3)),
        ("momentum=0.0", (5,)),
        ("momentum=1.0", (5,)),
        ("epsilon=0.1", (7,)),
        ("center=False", (6,)),
        ("scale=False", (2, 6)),
        ("center=False, scale=False", (3, 5)),
        ("gamma_initializer='glorot_uniform', moving_variance_initializer='zeros'", (4,)),
        ("beta_initializer='ones', moving_mean_initializer='ones'", (1,)),
        ("synchronized=False, renorm=False", (3,)),
    ]),
)

LAYER_NORMALIZATION = Family(
    "LayerNormalization",
    "from keras import Input, Sequential, layers\n",
    "sequential", "Sequential", "Input",
    cases("ln", "layers.LayerNormalization({})", [
        ("", (8,)),
        ("", (5, 7)),
        ("axis=1", (4, 6)),
        ("axis=[1, 2]", (4, 5)),
        ("axis=(-2, -1)", (3, 4, 5)),
        ("axis=[-1, 1]", (4, 6)),
        ("axis=[1, 3]", (2, 3, 4)),
        ("epsilon=1e-6", (9,)),
        ("-1, 0.5", (6,)),
        ("center=False", (6,)),
        ("scale=False", (3, 6)),
        ("center=False, scale=False", (5,)),
        ("rms_scaling=True", (4, 6)),
        ("rms_scaling=True, scale=False", (6,)),
        ("axis=[1, 2], rms_scaling=True", (3, 4)),
        ("gamma_initializer='he_uniform'", (5,)),
    ]),
)

GROUP_NORMALIZATION = Family(
    "GroupNormalization",
    "import tensorflow as tf\nfrom tensorflow import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("gn", "keras.layers.GroupNormalization({})", [
        ("groups=2", (8,)),
        ("groups=4", (5, 8)),
        ("2", (4, 4, 6)),
        ("groups=2", (4, 4)),
        ("groups=-1", (3, 4)),
        ("groups=1", (6, 6)),
        ("groups=3, axis=1", (6, 4, 4)),
        ("groups=2, axis=-2", (3, 4, 2)),
        ("groups=4, epsilon=1e-5", (2, 2, 8)),
        ("groups=2, center=False", (3, 6)),
        ("groups=2, scale=False", (3, 6)),
        ("", (2, 32)),
        ("groups=5, axis=2", (3, 10, 2)),
    ]),
)

UNIT_NORMALIZATION = Family(
    "UnitNormalization",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("un", "keras.layers.UnitNormalization({})", [
        ("", (8,)),
        ("", (4, 5)),
        ("axis=1", (4, 5)),
        ("axis=[1, 2]", (3, 4)),
        ("axis=(-1, -2)", (3, 4)),
        ("axis=-2", (2, 3, 4)),
        ("axis=0", (5,)),
    ]),
)

FAMILIES = (BATCH_NORMALIZATION, LAYER_NORMALIZATION, GROUP_NORMALIZATION, UNIT_NORMALIZATION)

MUTANTS = (
    Mutant("batchnorm_unbiased_variance", "BatchNormalization", "matrix_batchnormalization", "bn_1",
           "batch_normalization_1",
           r"return tf\.nn\.moments\(inputs, axes=self\.reduction_axes\)",
           "mean, variance = tf.nn.moments(inputs, axes=self.reduction_axes)\n"
           "            count = tf.cast(tf.size(inputs) // tf.shape(inputs)[self.axis], inputs.dtype)\n"
           "            return mean, variance * count / (count - 1)",
           "Bessel-corrected (unbiased) batch variance, as torch's running_var keeps; Keras uses the biased one"),
    Mutant("batchnorm_momentum_reversed", "BatchNormalization", "matrix_batchnormalization", "bn_10",
           "batch_normalization_10",
           r"self\.moving_mean \* self\.momentum \+ mean \* \(1\.0 - self\.momentum\)",
           "self.moving_mean * (1.0 - self.momentum) + mean * self.momentum",
           "momentum weighs the batch instead of the running mean (PyTorch's convention)"),
    Mutant("module_batchnorm_momentum_reversed", "module", "matrix_batchnormalization", "bn_10", None,
           r"_moving_mean \* 0\.9 \+ (\w+) \* \(1\.0 - 0\.9\)", r"_moving_mean * (1.0 - 0.9) + \1 * 0.9",
           "the whole-model lowering weighs the batch mean by momentum instead of the running mean"),
    Mutant("batchnorm_epsilon_dropped", "BatchNormalization", "matrix_batchnormalization", "bn_0",
           "batch_normalization",
           r"variance_epsilon=self\.epsilon\)", "variance_epsilon=0.0)",
           "epsilon dropped: with moving variances in [0.5, 2] that is a relative error of up to 1e-3"),
    Mutant("module_batchnorm_epsilon_dropped", "module", "matrix_batchnormalization", "bn_0", None,
           r"variance_epsilon=0\.001\)", "variance_epsilon=0.0)",
           "epsilon dropped in the whole-model lowering"),
    Mutant("layernorm_wrong_axis", "LayerNormalization", "matrix_layernormalization", "ln_1",
           "layer_normalization_1",
           r"tf\.nn\.moments\(inputs, axes=self\.axis, keepdims=True\)",
           "tf.nn.moments(inputs, axes=[1], keepdims=True)",
           "statistics over the time axis instead of the features"),
    Mutant("groupnorm_interleaved_groups", "GroupNormalization", "matrix_groupnormalization", "gn_3",
           "group_normalization_3",
           r"group_shape\[self\.axis\] = inputs\.shape\[self\.axis\] // self\.groups\n"
           r"        group_shape\.insert\(self\.axis, self\.groups\)\n"
           r"(.*\n.*\n)"
           r"        axes\.pop\(-2 if self\.axis == -1 else self\.axis - 1\)",
           "group_shape[self.axis] = self.groups\n"
           "        group_shape.insert(self.axis, inputs.shape[self.axis] // self.groups)\n"
           "\\1"
           "        axes.pop(-1 if self.axis == -1 else self.axis)",
           "channel c in group c % groups (interleaved) instead of contiguous blocks of channels"),
    Mutant("unitnorm_squared_norm", "UnitNormalization", "matrix_unitnormalization", "un_1",
           "unit_normalization_1",
           r"tf\.math\.rsqrt\(square_sum\)", "tf.math.reciprocal(square_sum)",
           "divides by the squared norm"),
)
