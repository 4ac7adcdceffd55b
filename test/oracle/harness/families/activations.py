"""Activation layers: every activation name the engine lowers, and ReLU, LeakyReLU, PReLU, ELU and Softmax
across their arguments."""
from ..spec import ACTIVATIONS, Family, Mutant, cases

ACTIVATION = Family(
    "Activation",
    "from tensorflow import keras\nfrom tensorflow.keras.layers import Activation\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("activation", "Activation({})", [
        *[(repr(a), (3, 5)) for a in ACTIVATIONS],
        ("'softmax'", (2, 3, 4)),
        ("'sparsemax'", (2, 3, 5)),
        ("'log_softmax'", (4, 3)),
        ("None", (3, 5)),  # 33
        ("keras.activations.hard_sigmoid", (3, 5)),
        ("activation='exponential'", (2, 2, 3)),
        ("'sparsemax'", (1,)),
        ("'hard_swish'", (2, 7)),
    ]),
)

RELU = Family(
    "ReLU",
    "import keras\nfrom keras import layers\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("relu", "layers.ReLU({})", [
        ("", (3, 5)),
        ("max_value=6", (3, 5)),  # relu6
        ("max_value=6.0, negative_slope=0.2", (3, 5)),
        ("max_value=3.5", (3, 5)),
        ("negative_slope=0.1", (3, 5)),  # leaky_relu
        ("threshold=0.5", (3, 5)),  # 5
        ("max_value=2, threshold=1", (3, 5)),
        ("negative_slope=0.3, threshold=0.5", (3, 5)),
        ("4.0, 0.25, 0.75", (2, 3, 4)),
        ("max_value=0.0", (5,)),
        ("max_value=6, threshold=0.5", (3, 5)),  # 10
        ("negative_slope=1.5, max_value=1e4", (6,)),
    ]),
)

LEAKY_RELU = Family(
    "LeakyReLU",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("leaky_relu", "keras.layers.LeakyReLU({})", [
        ("", (3, 5)),
        ("0.1", (3, 5)),
        ("negative_slope=0.0", (6,)),
        ("negative_slope=2.5", (2, 3, 4)),
        ("negative_slope=0.01", (7,)),
    ]),
)

ELU = Family(
    "ELU",
    "from tensorflow import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("elu", "keras.layers.ELU({})", [
        ("", (3, 5)),
        ("0.5", (3, 5)),
        ("alpha=2.0", (2, 3, 4)),
        ("alpha=1", (6,)),
        ("alpha=0.0", (6,)),
    ]),
)

SOFTMAX = Family(
    "Softmax",
    "import keras\nfrom keras.layers import Softmax\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("softmax", "Softmax({})", [
        ("", (3, 5)),
        ("axis=1", (3, 5)),
        ("-2", (2, 3, 4)),
        ("axis=[1, 2]", (3, 4)),
        ("axis=(1,)", (3, 4)),
        ("axis=(-1, -2)", (2, 3, 4)),  # 5
        ("axis=[1, 3]", (2, 3, 4)),
        ("axis=None", (2, 3)),
        ("axis=2", (2, 3, 4)),
        ("axis=-1", (1,)),
    ]),
)

PRELU = Family(
    "PReLU",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    cases("prelu", "layers.PReLU({})", [
        ("", (3, 5)),
        ("alpha_initializer='ones'", (3, 5)),
        ("alpha_initializer='glorot_uniform'", (6,)),
        ("alpha_initializer='he_normal', shared_axes=[1]", (3, 4)),
        ("'glorot_normal', shared_axes=(1, 2)", (2, 3, 4)),
        ("alpha_initializer='lecun_uniform', shared_axes=2", (3, 4)),  # 5
        ("shared_axes=[2, 3], alpha_initializer='ones'", (2, 3, 4)),
        ("alpha_initializer='orthogonal'", (3, 4)),
    ]),
)

FAMILIES = (ACTIVATION, RELU, LEAKY_RELU, ELU, SOFTMAX, PRELU)

MUTANTS = (
    Mutant("activation_gelu_approximate", "Activation", "matrix_activation", "activation_7", "activation_7",
           r"TfActivation\(tf\.nn\.gelu\)", "TfActivation(lambda x: tf.nn.gelu(x, approximate=True))",
           "Keras's gelu is exact (erf), not the tanh approximation"),
    Mutant("activation_elu_as_selu", "Activation", "matrix_activation", "activation_5", "activation_5",
           r"TfActivation\(tf\.nn\.elu\)", "TfActivation(tf.nn.selu)", "the wrong activation"),
    Mutant("activation_hard_sigmoid_tf1", "Activation", "matrix_activation", "activation_15", "activation_15",
           r"tf\.nn\.relu6\(x \+ 3\.0\) / 6\.0", "tf.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)",
           "TF1 tf.keras's hard_sigmoid (slope 0.2); Keras 3's is relu6(x + 3) / 6"),
    Mutant("activation_sparsemax_textbook_threshold", "Activation", "matrix_activation", "activation_31",
           "activation_31", r"tf\.reduce_sum\(tf\.where\(support_, cumsum_, 0\.0\), axis=-1, keepdims=True\)",
           "tf.reduce_max(tf.where(support_, cumsum_, 0.0), axis=-1, keepdims=True)",
           "the textbook sparsemax threshold (last support cumsum), not Keras's sum over the support"),
    Mutant("module_softmax_wrong_axis", "module", "matrix_activation", "activation_3", None,
           r"tf\.nn\.softmax\(x, axis=-1\)", "tf.nn.softmax(x, axis=1)", "softmax over the wrong axis"),
    Mutant("module_leaky_relu_layer_slope", "module", "matrix_activation", "activation_13", None,
           r"alpha=0\.2\)", "alpha=0.3)",
           "the LeakyReLU layer's default slope 0.3 for the leaky_relu activation's 0.2"),
    Mutant("module_celu_alpha_inside", "module", "matrix_activation", "activation_20", None,
           r"tf\.math\.expm1\(tf\.minimum\(x, 0\.0\)\)", "tf.math.expm1(tf.minimum(x, 0.0) * 2.0)",
           "celu's exponent scaled by the wrong alpha"),
    Mutant("relu_negative_part_ignores_threshold", "ReLU", "matrix_relu", "relu_7", "re_lu_7",
           r"-inputs \+ threshold if threshold != 0 else -inputs", "-inputs",
           "the leaky part must start at the threshold: slope * relu(threshold - x)"),
    Mutant("module_relu_unclipped", "module", "matrix_relu", "relu_3", None,
           r"\n.*tf\.clip_by_value\(re_lu_3, 0\.0, 3\.5\)", "", "max_value is never applied"),
    Mutant("leaky_relu_activation_default", "LeakyReLU", "matrix_leakyrelu", "leaky_relu_0", "leaky_re_lu",
           r"alpha=self\.negative_slope", "alpha=0.2",
           "keras.activations.leaky_relu's default 0.2 instead of the layer's 0.3"),
    Mutant("elu_alpha_ignored", "ELU", "matrix_elu", "elu_1", "elu_1",
           r"if self\.alpha == 1:", "if True:", "alpha scales the negative part"),
    Mutant("softmax_axes_separately", "Softmax", "matrix_softmax", "softmax_3", "softmax_3",
           r"reduce_logsumexp\(inputs, axis=self\.axis,", "reduce_logsumexp(inputs, axis=-1,",
           "several axes normalise jointly, not the last one alone"),
    Mutant("module_softmax_none_per_row", "module", "matrix_softmax", "softmax_7", None,
           r"tf\.reshape\(tf\.nn\.softmax\(tf\.reshape\(x, \[-1\]\), axis=-1\), tf\.shape\(x\)\)",
           "tf.nn.softmax(x, axis=-1)", "axis=None normalises over the whole tensor, batch included"),
    Mutant("prelu_alpha_sign", "PReLU", "matrix_prelu", "prelu_1", "p_re_lu_1",
           r"\+ -self\.alpha \*", "+ self.alpha *", "the negative part is -alpha * relu(-x)"),
)
