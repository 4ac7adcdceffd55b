"""Reshaping: Flatten, Reshape, Permute, RepeatVector, UpSampling, ZeroPadding and Cropping in 1, 2 and 3
dimensions (ints, tuples, nested pairs, both data formats, every UpSampling2D interpolation), Rescaling
(scalar and per-channel scales and offsets) and Identity, in several import spellings."""
from ..spec import Family, Mutant
from .pooling import attack, spelled

FLATTEN = Family(
    "Flatten",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("flatten", [
        ("keras.layers.Flatten({})", "", (4,)),
        ("keras.layers.Flatten({})", "", (3, 4)),
        ("keras.layers.Flatten({})", "", (2, 3, 4)),
        ("keras.layers.Flatten({})", "", (2, 3, 4, 5)),
        ("keras.layers.Flatten({})", "data_format='channels_first'", (3, 4, 5)),
        ("keras.layers.Flatten({})", "'channels_first'", (2, 3, 4, 5)),
        ("keras.layers.Flatten({})", "data_format='channels_last'", (3, 5, 2)),
        ("keras.layers.Flatten({})", "data_format='channels_first'", (5,)),
    ]),
)

RESHAPE = Family(
    "Reshape",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    spelled("reshape", [
        ("layers.Reshape({})", "(12,)", (3, 4)),
        ("layers.Reshape({})", "(-1,)", (2, 3, 4)),
        ("layers.Reshape({})", "(4, 3)", (12,)),
        ("layers.Reshape({})", "(2, -1)", (3, 4)),
        ("layers.Reshape({})", "target_shape=(-1, 2, 3)", (6, 2)),
        ("layers.Reshape({})", "[3, 2, 2]", (4, 3)),
        ("layers.Reshape({})", "(5, 1, 3)", (15,)),
        ("layers.Reshape({})", "(1, -1)", (2, 3, 5)),
    ]),
)

PERMUTE = Family(
    "Permute",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    spelled("permute", [
        ("tf.keras.layers.Permute({})", "(2, 1)", (3, 4)),
        ("tf.keras.layers.Permute({})", "(1, 2)", (3, 4)),
        ("tf.keras.layers.Permute({})", "(2, 3, 1)", (2, 3, 4)),
        ("tf.keras.layers.Permute({})", "(3, 1, 2)", (2, 3, 4)),
        ("tf.keras.layers.Permute({})", "dims=[3, 2, 1]", (2, 3, 4)),
        ("tf.keras.layers.Permute({})", "(4, 1, 3, 2)", (2, 3, 4, 5)),
        ("tf.keras.layers.Permute({})", "(1, 3, 2)", (5, 2, 2)),
        ("tf.keras.layers.Permute({})", "(2, 3, 1)", (3, 3, 3)),
    ]),
)

REPEAT_VECTOR = Family(
    "RepeatVector",
    "import keras\n",
    "functional", "keras.Model", "keras.Input",
    spelled("repeatvector", [
        ("keras.layers.RepeatVector({})", "3", (4,)),
        ("keras.layers.RepeatVector({})", "1", (5,)),
        ("keras.layers.RepeatVector({})", "n=5", (2,)),
        ("keras.layers.RepeatVector({})", "2", (7,)),
        ("keras.layers.RepeatVector({})", "4", (1,)),
    ]),
)

UPSAMPLING1D = Family(
    "UpSampling1D",
    "from keras import layers\nimport keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("upsampling1d", [
        ("layers.UpSampling1D({})", "", (5, 3)),
        ("layers.UpSampling1D({})", "3", (4, 2)),
        ("layers.UpSampling1D({})", "size=1", (3, 2)),
        ("layers.UpSampling1D({})", "4", (1, 3)),
        ("layers.UpSampling1D({})", "size=2", (7, 1)),
    ]),
)

US2 = "tf.keras.layers.UpSampling2D({})"
UPSAMPLING2D = Family(
    "UpSampling2D",
    "import tensorflow as tf\n",
    "functional", "tf.keras.Model", "tf.keras.Input",
    spelled("upsampling2d", [
        (US2, "", (3, 4, 2)),
        (US2, "(2, 3)", (3, 5, 2)),
        (US2, "size=3", (2, 2, 3)),
        (US2, "(2, 2), interpolation='bilinear'", (4, 5, 2)),
        (US2, "(3, 2), interpolation='bilinear'", (3, 3, 1)),
        (US2, "2, data_format='channels_first'", (2, 3, 4)),
        (US2, "(2, 3), data_format='channels_first', interpolation='bilinear'", (3, 4, 5)),
        (US2, "2, interpolation='bicubic'", (4, 4, 2)),
        (US2, "(2, 2), interpolation='lanczos3'", (5, 4, 2)),
        (US2, "3, interpolation='lanczos5'", (4, 3, 1)),
        (US2, "2, interpolation='area'", (3, 5, 2)),
        (US2, "(1, 2), interpolation='Bilinear'", (3, 4, 2)),
        (US2, "(2, 2), 'channels_last', 'nearest'", (3, 3, 2)),
    ]),
)

UPSAMPLING3D = Family(
    "UpSampling3D",
    "import keras\nfrom keras import layers\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("upsampling3d", [
        ("layers.UpSampling3D({})", "", (2, 3, 4, 2)),
        ("layers.UpSampling3D({})", "(1, 2, 3)", (3, 2, 2, 2)),
        ("layers.UpSampling3D({})", "size=3", (2, 2, 1, 2)),
        ("layers.UpSampling3D({})", "2, data_format='channels_first'", (2, 3, 2, 3)),
        ("layers.UpSampling3D({})", "(3, 1, 2), data_format='channels_first'", (1, 2, 3, 2)),
    ]),
)

ZEROPADDING1D = Family(
    "ZeroPadding1D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("zeropadding1d", [
        ("keras.layers.ZeroPadding1D({})", "", (5, 3)),
        ("keras.layers.ZeroPadding1D({})", "3", (4, 2)),
        ("keras.layers.ZeroPadding1D({})", "(1, 2)", (5, 2)),
        ("keras.layers.ZeroPadding1D({})", "padding=(0, 3)", (3, 2)),
        ("keras.layers.ZeroPadding1D({})", "(2, 1), data_format='channels_first'", (3, 5)),
        ("keras.layers.ZeroPadding1D({})", "padding=0", (4, 2)),
    ]),
)

ZP2 = "layers.ZeroPadding2D({})"
ZEROPADDING2D = Family(
    "ZeroPadding2D",
    "from keras import layers\nimport keras\n",
    "functional", "keras.Model", "keras.Input",
    spelled("zeropadding2d", [
        (ZP2, "", (4, 5, 2)),
        (ZP2, "2", (3, 3, 2)),
        (ZP2, "(1, 2)", (4, 4, 2)),
        (ZP2, "((1, 2), (3, 0))", (4, 5, 2)),
        (ZP2, "padding=((0, 1), 2)", (3, 4, 2)),
        (ZP2, "((2, 1), (0, 3)), data_format='channels_first'", (2, 4, 5)),
        (ZP2, "[[1, 0], [0, 1]]", (3, 3, 1)),
        (ZP2, "(0, 0)", (2, 2, 2)),
    ]),
)

ZP3 = "tf.keras.layers.ZeroPadding3D({})"
ZEROPADDING3D = Family(
    "ZeroPadding3D",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    spelled("zeropadding3d", [
        (ZP3, "", (2, 3, 4, 2)),
        (ZP3, "2", (2, 2, 2, 1)),
        (ZP3, "(1, 0, 2)", (3, 2, 2, 2)),
        (ZP3, "((1, 0), (0, 2), (1, 1))", (2, 3, 2, 2)),
        (ZP3, "((0, 1), (2, 0), (1, 2)), data_format='channels_first'", (2, 3, 2, 3)),
        (ZP3, "padding=1, data_format='channels_first'", (3, 2, 2, 2)),
    ]),
)

CROPPING1D = Family(
    "Cropping1D",
    "import keras\n",
    "functional", "keras.Model", "keras.Input",
    spelled("cropping1d", [
        ("keras.layers.Cropping1D({})", "", (5, 3)),
        ("keras.layers.Cropping1D({})", "(2, 0)", (5, 2)),
        ("keras.layers.Cropping1D({})", "(0, 3)", (6, 2)),
        ("keras.layers.Cropping1D({})", "cropping=(1, 2)", (7, 2)),
        ("keras.layers.Cropping1D({})", "2", (6, 2)),
        ("keras.layers.Cropping1D({})", "(0, 0)", (3, 2)),
    ]),
)

CR2 = "tf.keras.layers.Cropping2D({})"
CROPPING2D = Family(
    "Cropping2D",
    "import tensorflow as tf\n",
    "functional", "tf.keras.Model", "tf.keras.Input",
    spelled("cropping2d", [
        (CR2, "", (4, 5, 2)),
        (CR2, "1", (4, 5, 2)),
        (CR2, "(1, 2)", (5, 6, 2)),
        (CR2, "((1, 2), (3, 0))", (6, 6, 2)),
        (CR2, "cropping=((0, 1), 2)", (4, 6, 2)),
        (CR2, "((2, 1), (0, 3)), data_format='channels_first'", (2, 6, 7)),
        (CR2, "[[1, 0], [0, 1]]", (3, 3, 1)),
        (CR2, "((0, 0), (1, 1)), 'channels_first'", (2, 3, 5)),
    ]),
)

CR3 = "layers.Cropping3D({})"
CROPPING3D = Family(
    "Cropping3D",
    "import keras\nfrom keras import layers\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("cropping3d", [
        (CR3, "", (4, 4, 4, 2)),
        (CR3, "2", (5, 5, 6, 1)),
        (CR3, "(1, 0, 2)", (3, 3, 5, 2)),
        (CR3, "((1, 0), (0, 2), (1, 1))", (3, 4, 4, 2)),
        (CR3, "((0, 1), (2, 0), (1, 2)), data_format='channels_first'", (2, 3, 4, 5)),
        (CR3, "cropping=0", (2, 2, 2, 2)),
    ]),
)

RS = "keras.layers.Rescaling({})"
RESCALING = Family(
    "Rescaling",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("rescaling", [
        (RS, "1. / 255", (4, 3)),
        (RS, "scale=1 / 127.5, offset=-1", (5,)),
        (RS, "2.0", (3, 4, 2)),
        (RS, "0.5, 0.25", (6,)),
        (RS, "[0.5, 2.0, -1.0]", (4, 3)),
        (RS, "scale=[1, 2], offset=[0.5, -0.5]", (3, 2)),
        (RS, "1.0, offset=[1.0, 2.0, 3.0]", (2, 3)),
        (RS, "scale=0.003921568859368563, offset=0.1", (2, 2, 3)),
        (RS, "-3", (4,)),
        (RS, "(0.1, 0.2)", (3, 2)),
    ]),
)

IDENTITY = Family(
    "Identity",
    "from keras import layers\nimport keras\n",
    "functional", "keras.Model", "keras.Input",
    spelled("identity", [
        ("layers.Identity({})", "", (4,)),
        ("layers.Identity({})", "", (3, 5)),
        ("layers.Identity({})", "name='unchanged'", (2, 3, 4)),
    ]),
)

FAMILIES = (
    FLATTEN, RESHAPE, PERMUTE, REPEAT_VECTOR, UPSAMPLING1D, UPSAMPLING2D, UPSAMPLING3D,
    ZEROPADDING1D, ZEROPADDING2D, ZEROPADDING3D, CROPPING1D, CROPPING2D, CROPPING3D, RESCALING, IDENTITY,
)

SWAPPED_SIDES = r"[list(pair)[::-1] for pair in self.padding]"

MUTANTS = (
    attack("flatten_channels_first_kept", FLATTEN, "flatten", 4,
           r'if self\.data_format == "channels_first" and rank > 2:', "if False:",
           "channels_first flattened in its own order, not channels-last"),
    attack("reshape_column_major", RESHAPE, "reshape", 0,
           r"tf\.reshape\(inputs, ", "tf.reshape(tf.transpose(inputs, [0] + list(range(len(inputs.shape) - 1, 0, -1))), ",
           "column-major (Fortran) element order"),
    attack("reshape_static_shape_lost", RESHAPE, "reshape", 2,
           r"\(tf\.shape\(inputs\)\[0\],\) \+ target_shape\)", "(tf.shape(inputs)[0], -1) + target_shape[1:])",
           "the same numbers, but a -1 beside the unknown batch leaves the first axis unknown: the consumer's "
           "Flatten -> Dense cannot build (M14). Kept beside reshape_column_major (the rule's numerical mutant): "
           "the lost static shape changes no number, only the build can see it", rejected_by="build"),
    attack("permute_inverse", PERMUTE, "permute", 7,
           r"\(0,\) \+ self\.dims\)",
           "(0,) + tuple(self.dims.index(axis) + 1 for axis in range(1, len(self.dims) + 1)))",
           "the inverse permutation (a cube, so the shape still fits)"),
    attack("repeatvector_elementwise", REPEAT_VECTOR, "repeat_vector", 0,
           r"tf\.repeat\(tf\.expand_dims\(inputs, 1\), self\.n, axis=1\)",
           "tf.reshape(tf.repeat(inputs, self.n, axis=1), (-1, self.n, inputs.shape[1]))",
           "repeats each element n times in place instead of the whole vector"),
    attack("upsampling1d_tiled", UPSAMPLING1D, "up_sampling1d", 0,
           r"tf\.repeat\(inputs, self\.size, axis=1\)", "tf.tile(inputs, [1, self.size, 1])",
           "tiles the whole sequence instead of repeating each step"),
    attack("upsampling2d_bilinear_as_nearest", UPSAMPLING2D, "up_sampling2d", 3,
           r"method=self\.interpolation", 'method="nearest"', "nearest neighbour instead of bilinear"),
    attack("upsampling3d_tiled", UPSAMPLING3D, "up_sampling3d", 0,
           r"outputs = tf\.repeat\(outputs, factor, axis=first_axis \+ offset\)",
           "outputs = tf.tile(outputs, [factor if axis == first_axis + offset else 1 for axis in range(5)])",
           "tiles the volume instead of repeating each cell"),
    attack("zeropadding1d_sides_swapped", ZEROPADDING1D, "zero_padding1d", 2,
           r"\[list\(pair\) for pair in self\.padding\]", SWAPPED_SIDES, "(before, after) read as (after, before)"),
    attack("zeropadding2d_sides_swapped", ZEROPADDING2D, "zero_padding2d", 3,
           r"\[list\(pair\) for pair in self\.padding\]", SWAPPED_SIDES, "(before, after) read as (after, before)"),
    attack("zeropadding3d_sides_swapped", ZEROPADDING3D, "zero_padding3d", 3,
           r"\[list\(pair\) for pair in self\.padding\]", SWAPPED_SIDES, "(before, after) read as (after, before)"),
    attack("cropping1d_wrong_side", CROPPING1D, "cropping1d", 3,
           r"for before, after in self\.cropping", "for after, before in self.cropping",
           "crops each amount from the other side"),
    attack("cropping2d_wrong_side", CROPPING2D, "cropping2d", 3,
           r"for before, after in self\.cropping", "for after, before in self.cropping",
           "crops each amount from the other side"),
    attack("cropping3d_wrong_side", CROPPING3D, "cropping3d", 3,
           r"for before, after in self\.cropping", "for after, before in self.cropping",
           "crops each amount from the other side"),
    attack("rescaling_offset_first", RESCALING, "rescaling", 1,
           r"tf\.cast\(inputs, self\.compute_dtype\) \* scale \+ offset",
           "(tf.cast(inputs, self.compute_dtype) + offset) * scale", "adds the offset before scaling"),
    attack("identity_relu", IDENTITY, "identity", 0, r"return inputs\n", "return tf.nn.relu(inputs)\n",
           "an activation slipped into the identity"),
    Mutant("module_cropping1d_wrong_side", "module", "matrix_cropping1d", "cropping1d_3", None,
           r"x\[:, 1:-2, :\]", "x[:, 2:-1, :]", "the whole-model lowering crops from the other side"),
)
