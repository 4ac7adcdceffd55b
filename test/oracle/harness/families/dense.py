"""Dense: units, bias, every activation, inputs of rank 2 to 4."""
from ..spec import ACTIVATIONS, Family, Mutant, cases

DENSE = Family(
    "Dense",
    "from tensorflow import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("dense", "keras.layers.Dense({})", [
        ("7", (8,)),
        ("1", (8,)),
        ("7", (5, 8)),
        ("7", (3, 4, 6)),
        ("7, use_bias=False", (8,)),
        ("3, activation='relu', use_bias=False", (5, 8)),
        ("units=16", (12,)),
        *[(f"5, activation={a!r}", (6,)) for a in ACTIVATIONS],
        ("4, activation='softmax'", (3, 4, 6)),
        ("8", (8,)),  # square, so a transposed kernel still runs
    ]),
)

FAMILIES = (DENSE,)

MUTANTS = (
    Mutant("dense_transposed_kernel", "Dense", "matrix_dense", "dense_20", "dense_20",
           r"tf\.matmul\(inputs, self\.kernel\)", "tf.matmul(inputs, self.kernel, transpose_b=True)",
           "a square kernel used transposed runs, but computes x·Wᵀ"),
)
