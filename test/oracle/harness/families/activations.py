"""Activation layers: every activation name the engine lowers."""
from ..spec import ACTIVATIONS, Family, Mutant, cases

ACTIVATION = Family(
    "Activation",
    "from tensorflow import keras\nfrom tensorflow.keras.layers import Activation\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("activation", "Activation({})", [(repr(a), (3, 5)) for a in ACTIVATIONS]),
)

FAMILIES = (ACTIVATION,)

MUTANTS = (
    Mutant("activation_gelu_approximate", "Activation", "matrix_activation", "activation_7", "activation_7",
           r"TfActivation\(tf\.nn\.gelu\)", "TfActivation(lambda x: tf.nn.gelu(x, approximate=True))",
           "Keras's gelu is exact (erf), not the tanh approximation"),
    Mutant("activation_elu_as_selu", "Activation", "matrix_activation", "activation_5", "activation_5",
           r"TfActivation\(tf\.nn\.elu\)", "TfActivation(tf.nn.selu)", "the wrong activation"),
    Mutant("module_softmax_wrong_axis", "module", "matrix_activation", "activation_3", None,
           r"tf\.nn\.softmax\(x, axis=-1\)", "tf.nn.softmax(x, axis=1)", "softmax over the wrong axis"),
)
