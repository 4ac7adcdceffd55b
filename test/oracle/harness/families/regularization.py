"""Regularization: Dropout rates and input ranks (identity at inference, statistics in training)."""
from ..spec import Family, Mutant, cases

DROPOUT = Family(
    "Dropout",
    "from keras import Input, Sequential, layers\n",
    "sequential", "Sequential", "Input",
    cases("dropout", "layers.Dropout({})", [
        ("0.5", (512,)),
        ("0.1", (512,)),
        ("rate=0.8", (32, 16)),
        ("0.3", (4, 8, 16)),
    ]),
)

FAMILIES = (DROPOUT,)

MUTANTS = (
    Mutant("dropout_not_scaled", "Dropout", "matrix_dropout", "dropout_0", "dropout",
           r"return tf\.nn\.dropout\(inputs, rate=self\.rate, seed=self\.seed\)",
           "return tf.nn.dropout(inputs, rate=self.rate, seed=self.seed) * (1 - self.rate)",
           "kept values are not scaled by 1 / (1 - rate)"),
)
