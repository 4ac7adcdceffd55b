"""Pooling: max and average pooling in 1, 2 and 3 dimensions (pool sizes, strides, both paddings, odd sizes,
both data formats) and the global poolings (keepdims, data formats), in several import spellings."""
from ..spec import Case, Family, Mutant, Shape


def spelled(prefix: str, configs: list[tuple[str, str, Shape]]) -> tuple[Case, ...]:
    """One case per (constructor template, arguments, input shape): the class may be spelled differently."""
    return tuple(Case(f"{prefix}_{i}", template.format(args), shape) for i, (template, args, shape) in enumerate(configs))


def layer_name(snake: str, index: int) -> str:
    """Keras's auto-name of the index-th layer of a class in a program."""
    return snake if index == 0 else f"{snake}_{index}"


MP1 = "keras.layers.MaxPooling1D({})"
MAXPOOL1D = Family(
    "MaxPooling1D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("maxpool1d", [
        (MP1, "", (9, 3)),
        (MP1, "3", (10, 2)),
        (MP1, "pool_size=3, strides=1", (9, 2)),
        (MP1, "2, padding='same'", (9, 3)),
        (MP1, "pool_size=(3,), strides=(2,), padding='same'", (10, 2)),
        (MP1, "4, 3", (11, 2)),
        (MP1, "2, data_format='channels_first'", (3, 9)),
        (MP1, "3, strides=2, padding='same', data_format='channels_first'", (2, 11)),
        ("keras.layers.MaxPool1D({})", "5, 2, 'same'", (12, 2)),
        (MP1, "1", (5, 2)),
    ]),
)

MP2 = "tf.keras.layers.MaxPooling2D({})"
MAXPOOL2D = Family(
    "MaxPooling2D",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    spelled("maxpool", [
        (MP2, "", (9, 9, 3)),
        (MP2, "(2, 2)", (8, 8, 3)),
        (MP2, "pool_size=3", (10, 10, 2)),
        (MP2, "pool_size=(2, 3)", (9, 9, 2)),
        (MP2, "pool_size=2, strides=1", (7, 7, 2)),
        (MP2, "pool_size=(3, 2), strides=(1, 2)", (9, 8, 2)),
        (MP2, "2, padding='same'", (9, 9, 2)),
        (MP2, "pool_size=3, strides=2, padding='same'", (10, 11, 2)),
        (MP2, "2, data_format='channels_first'", (3, 8, 8)),
        (MP2, "(3, 2), strides=(2, 1), padding='same', data_format='channels_first'", (2, 9, 7)),
        ("tf.keras.layers.MaxPool2D({})", "pool_size=[2, 3], strides=[1, 2], padding='valid'", (7, 9, 2)),
        (MP2, "4, strides=3, padding='same', data_format='channels_last'", (11, 10, 2)),
    ]),
)

MAXPOOL3D = Family(
    "MaxPooling3D",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    spelled("maxpool3d", [
        ("layers.MaxPooling3D({})", "", (5, 6, 7, 2)),
        ("layers.MaxPooling3D({})", "(1, 2, 3), padding='same'", (5, 6, 7, 2)),
        ("layers.MaxPooling3D({})", "3, strides=(1, 2, 2)", (5, 7, 6, 2)),
        ("layers.MaxPooling3D({})", "2, strides=1, padding='same', data_format='channels_first'", (2, 5, 4, 3)),
        ("layers.MaxPool3D({})", "pool_size=(2, 2, 1), data_format='channels_first'", (3, 6, 5, 4)),
        ("layers.MaxPooling3D({})", "2, padding='same'", (5, 5, 5, 2)),
    ]),
)

AVGPOOL1D = Family(
    "AveragePooling1D",
    "import keras\nfrom keras.layers import AveragePooling1D, AvgPool1D\n",
    "functional", "keras.Model", "keras.Input",
    spelled("avgpool1d", [
        ("AveragePooling1D({})", "2", (9, 3)),
        ("AveragePooling1D({})", "3, strides=1", (10, 2)),
        ("AveragePooling1D({})", "2, padding='same'", (9, 3)),
        ("AveragePooling1D({})", "pool_size=4, strides=3, padding='same'", (11, 2)),
        ("AveragePooling1D({})", "3, strides=2, padding='same', data_format='channels_first'", (2, 10)),
        ("AvgPool1D({})", "(5,), padding='same'", (7, 2)),
        ("AveragePooling1D({})", "pool_size=2, strides=2, data_format='channels_first'", (3, 9)),
    ]),
)

AP2 = "tf.keras.layers.AveragePooling2D({})"
AVGPOOL2D = Family(
    "AveragePooling2D",
    "import tensorflow as tf\n",
    "functional", "tf.keras.Model", "tf.keras.Input",
    spelled("avgpool", [
        (AP2, "2", (8, 8, 3)),
        (AP2, "2, padding='same'", (9, 9, 2)),
        (AP2, "(3, 3), strides=2, padding='same'", (10, 11, 2)),
        (AP2, "(2, 3), strides=(1, 2)", (9, 9, 2)),
        (AP2, "pool_size=3, strides=1, padding='same'", (7, 6, 2)),
        (AP2, "4, strides=3, padding='same'", (11, 10, 1)),
        (AP2, "2, data_format='channels_first'", (3, 9, 8)),
        (AP2, "(3, 2), strides=(2, 1), padding='same', data_format='channels_first'", (2, 9, 7)),
        ("tf.keras.layers.AvgPool2D({})", "pool_size=(5, 5), strides=(2, 2), padding='same'", (9, 9, 2)),
        (AP2, "1", (4, 5, 2)),
    ]),
)

AVGPOOL3D = Family(
    "AveragePooling3D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("avgpool3d", [
        ("keras.layers.AveragePooling3D({})", "2", (6, 6, 6, 2)),
        ("keras.layers.AveragePooling3D({})", "2, padding='same'", (5, 5, 5, 2)),
        ("keras.layers.AveragePooling3D({})", "(3, 2, 2), strides=(2, 1, 2), padding='same'", (7, 5, 6, 2)),
        ("keras.layers.AveragePooling3D({})", "3, strides=2, data_format='channels_first'", (2, 7, 7, 5)),
        ("keras.layers.AvgPool3D({})", "(2, 3, 2), padding='same', data_format='channels_first'", (3, 5, 4, 5)),
        ("keras.layers.AveragePooling3D({})", "pool_size=(1, 1, 2), strides=1", (3, 4, 5, 2)),
    ]),
)

GMP1D = Family(
    "GlobalMaxPooling1D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("gmaxpool1d", [
        ("keras.layers.GlobalMaxPooling1D({})", "", (9, 3)),
        ("keras.layers.GlobalMaxPooling1D({})", "keepdims=True", (7, 2)),
        ("keras.layers.GlobalMaxPooling1D({})", "data_format='channels_first'", (4, 4)),  # steps == channels
        ("keras.layers.GlobalMaxPool1D({})", "'channels_first', True", (4, 5)),
        ("keras.layers.GlobalMaxPooling1D({})", "", (1, 4)),
    ]),
)

GMP2D = Family(
    "GlobalMaxPooling2D",
    "from tensorflow import keras\n",
    "functional", "keras.Model", "keras.Input",
    spelled("gmaxpool2d", [
        ("keras.layers.GlobalMaxPooling2D({})", "", (7, 9, 3)),
        ("keras.layers.GlobalMaxPooling2D({})", "keepdims=True", (5, 6, 2)),
        ("keras.layers.GlobalMaxPooling2D({})", "data_format='channels_first'", (3, 8, 3)),  # width == channels
        ("keras.layers.GlobalMaxPool2D({})", "data_format='channels_first', keepdims=True", (2, 5, 7)),
    ]),
)

GMP3D = Family(
    "GlobalMaxPooling3D",
    "import keras\nfrom keras import layers\n",
    "sequential", "keras.Sequential", "keras.Input",
    spelled("gmaxpool3d", [
        ("layers.GlobalMaxPooling3D({})", "", (3, 4, 5, 2)),
        ("layers.GlobalMaxPooling3D({})", "keepdims=True", (5, 3, 2, 3)),
        ("layers.GlobalMaxPooling3D({})", "data_format='channels_first'", (2, 5, 3, 2)),  # width == channels
        ("layers.GlobalMaxPool3D({})", "data_format='channels_first', keepdims=True", (3, 3, 4, 5)),
    ]),
)

GAP1D = Family(
    "GlobalAveragePooling1D",
    "import keras\nfrom keras.layers import GlobalAveragePooling1D, GlobalAvgPool1D\n",
    "functional", "keras.Model", "keras.Input",
    spelled("gavgpool1d", [
        ("GlobalAveragePooling1D({})", "", (9, 3)),
        ("GlobalAveragePooling1D({})", "keepdims=True", (7, 2)),
        ("GlobalAveragePooling1D({})", "data_format='channels_first'", (3, 8)),
        ("GlobalAvgPool1D({})", "data_format='channels_first', keepdims=True", (4, 5)),
        ("GlobalAveragePooling1D({})", "", (13, 1)),
    ]),
)

# The image data format is set to channels_first for the whole program: the default follows it.
GAP2D = Family(
    "GlobalAveragePooling2D",
    'import keras\nkeras.config.set_image_data_format("channels_first")\n',
    "sequential", "keras.Sequential", "keras.Input",
    spelled("gavgpool2d", [
        ("keras.layers.GlobalAveragePooling2D({})", "", (3, 7, 3)),  # width == channels
        ("keras.layers.GlobalAveragePooling2D({})", "keepdims=True", (2, 5, 6)),
        ("keras.layers.GlobalAveragePooling2D({})", "data_format='channels_last'", (8, 5, 3)),
        ("keras.layers.GlobalAvgPool2D({})", "data_format='channels_last', keepdims=True", (5, 7, 2)),
        ("keras.layers.GlobalAveragePooling2D({})", "'channels_first', False", (4, 3, 3)),
    ]),
)

GAP3D = Family(
    "GlobalAveragePooling3D",
    "import tensorflow as tf\n",
    "functional", "tf.keras.Model", "tf.keras.Input",
    spelled("gavgpool3d", [
        ("tf.keras.layers.GlobalAveragePooling3D({})", "", (3, 4, 5, 2)),
        ("tf.keras.layers.GlobalAveragePooling3D({})", "keepdims=True", (5, 3, 2, 3)),
        ("tf.keras.layers.GlobalAveragePooling3D({})", "data_format='channels_first'", (2, 5, 3, 2)),  # width == channels
        ("tf.keras.layers.GlobalAvgPool3D({})", "data_format='channels_first', keepdims=True", (3, 3, 4, 5)),
    ]),
)

FAMILIES = (
    MAXPOOL1D, MAXPOOL2D, MAXPOOL3D, AVGPOOL1D, AVGPOOL2D, AVGPOOL3D,
    GMP1D, GMP2D, GMP3D, GAP1D, GAP2D, GAP3D,
)


def attack(name: str, family: Family, snake: str, index: int, pattern: str, replacement: str, why: str,
           rejected_by: str = "numbers") -> Mutant:
    """A mutant of the layer-mode lowering of the family's index-th case."""
    return Mutant(name, family.name, f"matrix_{family.name.lower()}", family.cases[index].var,
                  layer_name(snake, index), pattern, replacement, why, rejected_by)


# Reversing the input and the output along the pooled axes moves the ragged edge window from the end to the
# start: the `same` padding's odd extra before the data (TF puts it after), or `valid` dropping the first
# rows instead of the last. Same shapes, other windows.
def edge_at_start(rank: int) -> str:
    axes = list(range(1, rank + 1))
    return rf"outputs = tf.reverse(tf.nn.max_pool{rank}d(tf.reverse(inputs, {axes}), \1), {axes})\n"


MAXPOOL_CALL = r"outputs = tf\.nn\.max_pool{}d\(inputs, (.*?)\)\n"

MUTANTS = (
    attack("maxpool1d_same_pads_before", MAXPOOL1D, "max_pooling1d", 3, MAXPOOL_CALL.format(1), edge_at_start(1),
           "`same` padding's odd extra put before the sequence, not after it: same size, shifted windows"),
    attack("maxpool2d_valid_drops_first_edge", MAXPOOL2D, "max_pooling2d", 0, MAXPOOL_CALL.format(2), edge_at_start(2),
           "`valid` pooling of an odd input drops the first row and column instead of the last"),
    attack("maxpool2d_channels_first_back_swapped", MAXPOOL2D, "max_pooling2d", 8,
           r"tf\.transpose\(outputs, \[0, 3, 1, 2\]\)", "tf.transpose(outputs, [0, 3, 2, 1])",
           "channels_first output with height and width swapped (square, so the shape still fits)"),
    attack("maxpool3d_same_pads_before", MAXPOOL3D, "max_pooling3d", 5, MAXPOOL_CALL.format(3), edge_at_start(3),
           "`same` padding's odd extra put before each axis, not after it: same size, shifted windows"),
    attack("maxpool3d_strides_default_one", MAXPOOL3D, "max_pooling3d", 0,
           r"strides = pool_size if strides is None else strides", "strides = 1 if strides is None else strides",
           "strides defaulting to 1 as in convolutions, not to pool_size. Kept beside maxpool3d_same_pads_before "
           "(the rule's numerical mutant): a wrong default stride always changes the output's size",
           rejected_by="shape"),
    attack("avgpool1d_max", AVGPOOL1D, "average_pooling1d", 1, r"tf\.nn\.avg_pool1d\(", "tf.nn.max_pool1d(",
           "max instead of average pooling"),
    attack("avgpool2d_counts_padding", AVGPOOL2D, "average_pooling2d", 1,
           r"tf\.nn\.avg_pool2d\(inputs, (.*?)padding=self\.padding\)",
           r'tf.nn.avg_pool2d(tf.pad(inputs, [[0, 0], [0, 1], [0, 1], [0, 0]]), \1padding="VALID")',
           "`same` average pooling that counts the padded zeros in the edge windows"),
    attack("avgpool3d_counts_padding", AVGPOOL3D, "average_pooling3d", 1,
           r"tf\.nn\.avg_pool3d\(inputs, (.*?)padding=self\.padding\)",
           r'tf.nn.avg_pool3d(tf.pad(inputs, [[0, 0], [0, 1], [0, 1], [0, 1], [0, 0]]), \1padding="VALID")',
           "`same` average pooling that counts the padded zeros in the edge windows"),
    attack("globalmaxpool1d_channels_first_axis", GMP1D, "global_max_pooling1d", 2,
           r"else \[2\]", "else [1]", "channels_first reduced over the channels (as many as the steps)"),
    attack("globalmaxpool1d_drops_keepdims", GMP1D, "global_max_pooling1d", 1,
           r"keepdims=self\.keepdims", "keepdims=False",
           "keepdims ignored. Kept beside globalmaxpool1d_channels_first_axis (the rule's numerical mutant): "
           "keepdims only shapes the output, no number changes", rejected_by="shape"),
    attack("globalmaxpool2d_channels_first_axes", GMP2D, "global_max_pooling2d", 2,
           r"else \[2, 3\]", "else [1, 2]", "channels_first reduced over channels and height (width == channels)"),
    attack("globalmaxpool3d_channels_first_axes", GMP3D, "global_max_pooling3d", 2,
           r"else \[2, 3, 4\]", "else [1, 2, 3]",
           "channels_first reduced over the channels-last axes (width == channels)"),
    attack("globalavgpool1d_sum", GAP1D, "global_average_pooling1d", 0, r"tf\.reduce_mean\(", "tf.reduce_sum(",
           "sums the steps instead of averaging them"),
    attack("globalavgpool2d_global_format_ignored", GAP2D, "global_average_pooling2d", 0,
           r"else \[2, 3\]", "else [1, 2]",
           "the global channels_first setting reduced over the channels-last axes (width == channels)"),
    attack("globalavgpool3d_max", GAP3D, "global_average_pooling3d", 0, r"tf\.reduce_mean\(", "tf.reduce_max(",
           "max instead of mean"),
    Mutant("module_globalavgpool3d_axes", "module", "matrix_globalaveragepooling3d", "gavgpool3d_2", None,
           r"tf\.reduce_mean\(x, axis=\[2, 3, 4\]", "tf.reduce_mean(x, axis=[1, 2, 3]",
           "the whole-model lowering reduces channels_first over the wrong axes (width == channels)"),
    Mutant("module_avgpool2d_same_pads_before", "module", "matrix_averagepooling2d", "avgpool_1", None,
           r'= tf\.nn\.avg_pool2d\(x, (.*?), padding="SAME"\)',
           r'= tf.reverse(tf.nn.avg_pool2d(tf.reverse(x, [1, 2]), \1, padding="SAME"), [1, 2])',
           "the whole-model lowering puts `same` padding's odd extra before the image: same size, shifted windows"),
)
