"""Pooling: pool sizes, strides, paddings."""
from ..spec import Family, Mutant, cases

MAXPOOL = Family(
    "MaxPooling2D",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    cases("maxpool", "tf.keras.layers.MaxPooling2D({})", [
        ("", (9, 9, 3)),
        ("(2, 2)", (8, 8, 3)),
        ("pool_size=3", (10, 10, 2)),
        ("pool_size=(2, 3)", (9, 9, 2)),
        ("pool_size=2, strides=1", (7, 7, 2)),
        ("pool_size=(3, 2), strides=(1, 2)", (9, 8, 2)),
        ("2, padding='same'", (9, 9, 2)),
        ("pool_size=3, strides=2, padding='same'", (10, 11, 2)),
    ]),
)

FAMILIES = (MAXPOOL,)

MUTANTS = (
    Mutant("maxpool_same_padding", "MaxPooling2D", "matrix_maxpooling2d", "maxpool_0", "max_pooling2d",
           r"padding=self\.padding", 'padding="SAME"', "`same` padding on an odd input keeps the ragged edge"),
)
