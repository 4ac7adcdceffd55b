"""Regularization: rates, noise shapes, data formats, input ranks. The random layers are the identity at
inference (compared) and judged by their statistics in training (noise_stats: dropped fraction, scaling,
shared-draw axes, noise moments); ActivityRegularization is deterministic, its loss compared too."""
from ..spec import Family, Mutant, cases

# Not chained: noise_stats judges these by the layer's own outputs and losses (module mode included), which a
# consumer after the layer would mix; their lowerings keep the input's shape.
_RANDOM = "random in training: judged by the statistics of the layer's own outputs"
_LOSS = "its activity loss is judged on the layer's own output"

DROPOUT = Family(
    "Dropout",
    "from keras import Input, Sequential, layers\n",
    "sequential", "Sequential", "Input",
    cases("dropout", "layers.Dropout({})", [
        ("0.5", (512,)),
        ("0.1", (512,)),
        ("rate=0.8", (32, 16)),
        ("0.3", (4, 8, 16)),
        ("0.5, noise_shape=(None, 1, 16)", (32, 16)),
        ("0.4, (None, 8, 1)", (8, 6)),
        ("rate=0.25, noise_shape=[None, 1, 1, 4], seed=3", (6, 6, 4)),
        ("0.0", (6,)),
        ("1.0", (6,)),
        ("0.2, seed=1337", (64,)),
    ]),
    unchained=_RANDOM,
)

SPATIAL_DROPOUT_1D = Family(
    "SpatialDropout1D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("sd1", "keras.layers.SpatialDropout1D({})", [
        ("0.5", (16, 32)),
        ("rate=0.2, seed=7", (9, 24)),
        ("0.0", (4, 3)),
    ]),
    unchained=_RANDOM,
)

SPATIAL_DROPOUT_2D = Family(
    "SpatialDropout2D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("sd2", "keras.layers.SpatialDropout2D({})", [
        ("0.5", (6, 6, 16)),
        ("0.3, data_format='channels_first'", (16, 5, 5)),
        ("rate=0.6, data_format='channels_last', seed=2", (4, 7, 12)),
        ("0.25", (3, 3, 32)),
    ]),
    unchained=_RANDOM,
)

SPATIAL_DROPOUT_3D = Family(
    "SpatialDropout3D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("sd3", "keras.layers.SpatialDropout3D({})", [
        ("0.5", (3, 4, 4, 16)),
        ("0.4, data_format='channels_first'", (16, 3, 3, 3)),
        ("rate=0.1", (2, 3, 4, 24)),
    ]),
    unchained=_RANDOM,
)

GAUSSIAN_NOISE = Family(
    "GaussianNoise",
    "from keras import Input, Sequential, layers\n",
    "sequential", "Sequential", "Input",
    cases("noise", "layers.GaussianNoise({})", [
        ("0.1", (256,)),
        ("stddev=0.5, seed=4", (16, 16)),
        ("1.0", (4, 8, 8)),
        ("0.0", (5,)),
    ]),
    unchained=_RANDOM,
)

GAUSSIAN_DROPOUT = Family(
    "GaussianDropout",
    "from keras import Input, Sequential, layers\n",
    "sequential", "Sequential", "Input",
    cases("gdrop", "layers.GaussianDropout({})", [
        ("0.5", (256,)),
        ("rate=0.1, seed=9", (16, 16)),
        ("0.3", (4, 8, 8)),
        ("0.0", (5,)),
    ]),
    unchained=_RANDOM,
)

ALPHA_DROPOUT = Family(
    "AlphaDropout",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("adrop", "keras.layers.AlphaDropout({})", [
        ("0.2", (256,)),
        ("rate=0.5, seed=5", (16, 16)),
        ("0.3, noise_shape=(None, 1, 12)", (10, 12)),
    ]),
    unchained=_RANDOM,
)

ACTIVITY_REGULARIZATION = Family(
    "ActivityRegularization",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("actreg", "keras.layers.ActivityRegularization({})", [
        ("", (8,)),
        ("l1=0.01", (5, 6)),
        ("l2=0.1", (7,)),
        ("0.001, 0.02", (3, 4, 2)),
    ]),
    unchained=_LOSS,
)

FAMILIES = (
    DROPOUT, SPATIAL_DROPOUT_1D, SPATIAL_DROPOUT_2D, SPATIAL_DROPOUT_3D, GAUSSIAN_NOISE, GAUSSIAN_DROPOUT,
    ALPHA_DROPOUT, ACTIVITY_REGULARIZATION,
)

MUTANTS = (
    Mutant("dropout_not_scaled", "Dropout", "matrix_dropout", "dropout_0", "dropout",
           r"return tf\.nn\.dropout\(inputs, rate=self\.rate, seed=self\.seed\)",
           "return tf.nn.dropout(inputs, rate=self.rate, seed=self.seed) * (1 - self.rate)",
           "kept values are not scaled by 1 / (1 - rate)", rejected_by="numbers in training"),
    Mutant("dropout_noise_shape_ignored", "Dropout", "matrix_dropout", "dropout_4", "dropout_4",
           r"noise_shape=noise_shape, ", "",
           "one draw per element although noise_shape shares it along the time axis", rejected_by="numbers in training"),
    Mutant("spatial_dropout1d_per_element", "SpatialDropout1D", "matrix_spatialdropout1d", "sd1_0",
           "spatial_dropout1d", r"noise_shape=noise_shape, ", "",
           "a mask per element instead of per sample and channel", rejected_by="numbers in training"),
    Mutant("spatial_dropout2d_channels_last_mask", "SpatialDropout2D", "matrix_spatialdropout2d", "sd2_1",
           "spatial_dropout2d_1", r'if self\.data_format == "channels_first":', "if False:",
           "channels_first input masked as if channels were last", rejected_by="numbers in training"),
    Mutant("spatial_dropout3d_per_element", "SpatialDropout3D", "matrix_spatialdropout3d", "sd3_0",
           "spatial_dropout3d", r"noise_shape=noise_shape, ", "",
           "a mask per element instead of per sample and channel", rejected_by="numbers in training"),
    Mutant("gaussian_noise_variance_as_stddev", "GaussianNoise", "matrix_gaussiannoise", "noise_1",
           "gaussian_noise_1", r"stddev=self\.stddev,", "stddev=self.stddev ** 2,",
           "stddev read as the variance", rejected_by="numbers in training"),
    Mutant("gaussian_dropout_stddev_unrooted", "GaussianDropout", "matrix_gaussiandropout", "gdrop_0",
           "gaussian_dropout", r"\(self\.rate / \(1\.0 - self\.rate\)\) \*\* 0\.5",
           "self.rate / (1.0 - self.rate) ** 0.5", "the square root taken of the denominator only", rejected_by="numbers in training"),
    Mutant("alpha_dropout_no_shift", "AlphaDropout", "matrix_alphadropout", "adrop_0", "alpha_dropout",
           r"b = -a \* alpha_p \* self\.rate", "b = 0.0",
           "the affine correction's shift left out: the mean drifts", rejected_by="numbers in training"),
    Mutant("activity_regularization_l1_halved", "ActivityRegularization", "matrix_activityregularization",
           "actreg_1", "activity_regularization_1",
           r"tf\.reduce_sum\(tf\.abs\(outputs\)\)", "tf.reduce_sum(tf.abs(outputs)) / 2",
           "the L1 penalty halved (l1 * sum|x| / 2, a mix-up with the L2 convention)", rejected_by="numbers in training"),
)
