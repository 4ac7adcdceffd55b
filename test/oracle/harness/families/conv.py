"""Convolutions: kernel sizes, strides, paddings, dilations, bias, activations."""
from ..spec import Family, Mutant, cases

CONV2D = Family(
    "Conv2D",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    cases("conv2d", "layers.Conv2D({})", [
        ("4, 3", (9, 9, 3)),
        ("4, 3, padding='same'", (9, 9, 3)),
        ("4, (3, 3), strides=2", (9, 9, 3)),
        ("4, 3, strides=2, padding='same'", (10, 10, 3)),
        ("4, 3, strides=(2, 1)", (9, 9, 2)),
        ("4, 3, strides=(1, 3), padding='same'", (11, 9, 2)),
        ("4, 3, dilation_rate=2", (11, 11, 2)),
        ("4, 3, dilation_rate=(2, 1), padding='same'", (9, 8, 2)),
        ("3, (2, 3)", (7, 9, 2)),
        ("5, (1, 1)", (6, 6, 3)),
        ("2, kernel_size=5, padding='same'", (11, 11, 1)),
        ("4, 3, use_bias=False", (8, 8, 3)),
        ("4, 3, activation='relu'", (8, 8, 3)),
        ("filters=6, kernel_size=(3, 2), strides=(2, 2), activation='tanh', padding='same'", (9, 7, 3)),
    ]),
)

FAMILIES = (CONV2D,)

MUTANTS = (
    Mutant("conv2d_flipped_kernel", "Conv2D", "matrix_conv2d", "conv2d_1", "conv2d_1",
           r"tf\.nn\.convolution\(inputs, self\.kernel,", "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),",
           "a true convolution (flipped kernel) instead of Keras's cross-correlation"),
)
