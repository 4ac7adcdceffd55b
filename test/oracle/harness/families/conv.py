"""Convolutions, all ten classes: kernel sizes (ints and tuples, odd and even), every padding (causal for
Conv1D), strides, dilations, bias on and off, every activation, groups, depth multipliers, output_padding,
channels_first (explicit, and through keras.config.set_image_data_format), the strided-dilated depthwise
decomposition, and Keras's alias spellings."""
from ..spec import ACTIVATIONS, Case, Family, Mutant, cases

CONV1D = Family(
    "Conv1D",
    "import keras\nfrom keras import layers\n",
    "functional", "keras.Model", "keras.Input",
    cases("conv1d", "layers.Conv1D({})", [
        ("4, 3", (9, 3)),
        ("4, 3, padding='same'", (10, 3)),
        ("4, 3, padding='causal'", (9, 2)),
        ("4, 3, padding='causal', dilation_rate=2", (11, 2)),
        ("4, 2, strides=2, padding='causal'", (9, 3)),
        ("5, 4, strides=3", (13, 2)),
        ("4, 3, dilation_rate=3, padding='same'", (12, 2)),
        ("4, 3, groups=2", (9, 4)),
        ("6, 3, groups=3, padding='same', activation='elu'", (8, 6)),
        ("4, 3, use_bias=False", (9, 3)),
        ("4, 3, data_format='channels_first'", (3, 9)),
        ("4, 3, padding='causal', dilation_rate=2, data_format='channels_first'", (3, 11)),
        ("4, 3, strides=2, padding='same', data_format='channels_first', activation='sigmoid'", (2, 10)),
        ("4, 3, groups=2, data_format='channels_first', padding='causal'", (4, 9)),
        ("4, 3, data_format='channels_first', activation='relu'", (2, 6)),  # length 4 == filters
        ("filters=3, kernel_size=(5,), activation='gelu'", (11, 2)),
        ("4, 1, activation=keras.activations.swish", (6, 3)),
        ("4, 3, activation='relu6'", (7, 2)),
        ("4, 3, padding='causal', activation='leaky_relu'", (7, 2)),
        ("4, 3, 1, 'causal', 'channels_last', 2, 1, 'softsign', True, 'he_uniform', 'ones'", (10, 2)),
    ]) + (Case("conv1d_alias", "layers.Convolution1D(3, 2, activation='softplus')", (7, 2)),),
)

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
        # channels_first with the output's width equal to filters: Keras adds the bias along the width.
        ("4, 3, data_format='channels_first'", (3, 9, 6)),
        ("4, 3, padding='same', strides=2, data_format='channels_first', activation='relu'", (2, 9, 8)),
        ("4, 3, groups=2", (9, 9, 4)),
        ("6, (3, 2), groups=3, data_format='channels_first'", (6, 8, 7)),
        ("4, 3, dilation_rate=(1, 2), data_format='channels_first', use_bias=False", (2, 9, 11)),
        ("4, 2, activation='softmax', padding='same'", (6, 6, 2)),
        ("4, 3, kernel_initializer='he_normal', bias_initializer='ones', activation='selu'", (7, 7, 2)),
        ("4, 3, activation='log_softmax'", (6, 6, 2)),
        ("4, 3, activation='hard_sigmoid', data_format='channels_first'", (2, 6, 6)),
    ]) + (Case("conv2d_alias", "layers.Convolution2D(3, 2, activation='silu')", (6, 5, 2)),),
)

CONV3D = Family(
    "Conv3D",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    cases("conv3d", "tf.keras.layers.Conv3D({})", [
        ("2, 3", (5, 5, 5, 2)),
        ("3, (2, 3, 1), padding='same'", (5, 6, 4, 2)),
        ("2, 3, strides=2", (7, 7, 7, 1)),
        ("2, 3, strides=(2, 1, 1), padding='same'", (5, 6, 7, 2)),
        ("2, 2, dilation_rate=2", (6, 6, 6, 2)),
        ("4, 3, groups=2", (5, 5, 5, 4)),
        ("2, 3, data_format='channels_first'", (2, 5, 5, 5)),
        ("2, 3, padding='same', data_format='channels_first', activation='tanh'", (3, 4, 5, 6)),
        ("2, 3, use_bias=False, activation='selu'", (5, 5, 5, 2)),
        ("4, 3, groups=2, data_format='channels_first'", (4, 5, 5, 5)),
        ("2, (1, 1, 2), data_format='channels_first', activation='relu'", (2, 3, 3, 3)),  # width 2 == filters
        ("2, 2, activation='hard_silu'", (4, 4, 4, 2)),
        ("2, 2, activation='hard_swish'", (4, 4, 4, 2)),
        # Strides 2 and 3 both make 2 of 4 with `same` padding: conv3d_strides_reversed keeps the shape.
        ("2, 3, strides=(2, 1, 3), padding='same'", (4, 5, 4, 2)),
    ]) + (Case("conv3d_alias", "tf.keras.layers.Convolution3D(2, (1, 2, 3), activation='relu')", (4, 4, 4, 2)),),
)

CONV1D_TRANSPOSE = Family(
    "Conv1DTranspose",
    "from keras import Input, Model, layers\n",
    "functional", "Model", "Input",
    cases("conv1dt", "layers.Conv1DTranspose({})", [
        ("4, 3", (7, 3)),
        ("4, 3, strides=2", (7, 3)),
        ("4, 3, strides=2, padding='same'", (7, 3)),
        ("4, 3, strides=3, output_padding=2", (6, 2)),
        ("4, 4, strides=2, padding='same', output_padding=1", (6, 2)),
        ("4, 3, strides=2, padding='same', output_padding=0", (6, 2)),
        ("4, 3, dilation_rate=2, padding='same'", (8, 2)),
        ("4, 2, strides=3", (5, 2)),
        ("4, 3, strides=2, data_format='channels_first'", (3, 7)),
        ("4, 3, use_bias=False, activation='silu'", (6, 2)),
        ("4, 3, activation='mish'", (5, 2)),
        ("4, 3, strides=2, activation='exponential'", (5, 2)),
        ("3, 5, 2, 'same', 1, 'channels_first', 1, 'relu'", (2, 6)),
    ]) + (Case("conv1dt_alias", "layers.Convolution1DTranspose(2, 3, activation='softmax')", (5, 2)),),
)

CONV2D_TRANSPOSE = Family(
    "Conv2DTranspose",
    "from tensorflow import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("conv2dt", "keras.layers.Conv2DTranspose({})", [
        ("4, 3", (5, 5, 3)),
        ("4, 3, strides=2", (5, 6, 3)),
        ("4, 3, strides=2, padding='same'", (5, 5, 3)),
        ("4, (3, 2), strides=(2, 3), padding='same'", (4, 5, 2)),
        ("4, 3, strides=2, padding='same', output_padding=1", (5, 5, 2)),
        ("4, 4, strides=2, padding='same', output_padding=1", (5, 5, 2)),
        ("4, 3, strides=(3, 2), output_padding=(2, 1)", (4, 4, 2)),
        ("4, 3, dilation_rate=2", (5, 5, 2)),
        ("4, 2, dilation_rate=(1, 2), padding='same'", (5, 5, 2)),
        ("4, 3, data_format='channels_first'", (2, 5, 5)),
        ("4, 3, strides=2, padding='same', output_padding=1, data_format='channels_first', activation='relu'",
         (2, 5, 4)),
        ("4, 2, data_format='channels_first', activation='relu'", (2, 3, 3)),  # width 4 == filters
        ("4, 3, use_bias=False, activation='softsign'", (4, 4, 2)),
        ("4, 1, strides=2", (4, 5, 2)),
        ("4, 3, activation='celu'", (4, 4, 2)),
        ("4, 2, strides=2, activation='hard_tanh'", (4, 4, 2)),
    ]) + (Case("conv2dt_alias", "keras.layers.Convolution2DTranspose(2, 2, strides=2, activation='elu')", (3, 4, 2)),),
)

CONV3D_TRANSPOSE = Family(
    "Conv3DTranspose",
    "import keras as K\n",
    "functional", "K.Model", "K.Input",
    cases("conv3dt", "K.layers.Conv3DTranspose({})", [
        ("2, 3", (3, 3, 3, 2)),
        ("2, 3, strides=2, padding='same'", (3, 4, 3, 2)),
        ("2, 2, strides=3", (3, 3, 3, 1)),
        ("2, 3, strides=2, output_padding=1", (3, 3, 3, 2)),
        ("2, 3, strides=(1, 2, 2), padding='same', output_padding=(0, 1, 1)", (3, 3, 3, 2)),
        ("2, 3, dilation_rate=2, padding='same'", (4, 4, 4, 1)),
        ("2, 3, strides=2, data_format='channels_first'", (2, 3, 3, 3)),
        ("2, 3, data_format='channels_first', use_bias=False, activation='tanh'", (2, 3, 4, 3)),
        ("3, 2, data_format='channels_first'", (2, 2, 2, 2)),  # width 3 == filters
        ("2, 3, 2, 'same', 'channels_last', 1, 1, 'sigmoid'", (3, 3, 2, 2)),
        ("2, 2, activation='sparse_plus'", (2, 3, 2, 2)),
        ("2, 2, activation='squareplus'", (2, 2, 3, 2)),
    ]) + (Case("conv3dt_alias", "K.layers.Convolution3DTranspose(2, 2, activation='gelu')", (2, 3, 2, 2)),),
)

DEPTHWISE_CONV1D = Family(
    "DepthwiseConv1D",
    "import keras\nfrom keras.layers import DepthwiseConv1D\n",
    "functional", "keras.Model", "keras.Input",
    cases("dw1d", "DepthwiseConv1D({})", [
        ("3", (9, 3)),
        ("3, padding='same'", (9, 3)),
        ("3, strides=2", (10, 3)),
        ("3, strides=2, padding='same'", (10, 3)),
        ("3, depth_multiplier=2", (9, 3)),
        ("3, dilation_rate=2", (11, 3)),
        ("3, strides=2, dilation_rate=2", (13, 2)),
        # `same` padding written out: 3 zeros, the odd one after.
        ("3, strides=2, dilation_rate=2, padding='same'", (12, 2)),
        ("3, strides=2, dilation_rate=2, padding='same', data_format='channels_first'", (2, 13)),
        ("3, data_format='channels_first', depth_multiplier=3", (2, 9)),
        ("3, data_format='channels_first', depth_multiplier=3, activation='relu'", (2, 8)),  # length 6 == 2 x 3
        ("2, use_bias=False, activation='relu'", (8, 3)),
        ("4, strides=3, padding='same', activation='tanh'", (11, 2)),
        ("3, 1, 'valid', 2, 'channels_last', 1, 'softplus'", (7, 2)),
        ("3, activation='tanh_shrink'", (7, 2)),
        ("3, depth_multiplier=2, activation='soft_shrink'", (7, 2)),
    ]),
)

DEPTHWISE_CONV2D = Family(
    "DepthwiseConv2D",
    "import tensorflow as tf\n",
    "sequential", "tf.keras.Sequential", "tf.keras.Input",
    cases("dw2d", "tf.keras.layers.DepthwiseConv2D({})", [
        # channels_first with a square output: transposed back the wrong way it still runs.
        ("3, data_format='channels_first'", (2, 7, 7)),
        ("3", (7, 7, 3)),
        ("3, padding='same'", (8, 8, 2)),
        ("(3, 2), strides=2", (9, 8, 2)),
        ("3, strides=(2, 1), padding='same'", (9, 9, 2)),
        ("3, depth_multiplier=2, activation='relu'", (7, 7, 3)),
        ("3, dilation_rate=2", (9, 9, 2)),
        ("3, dilation_rate=(2, 1), padding='same'", (8, 8, 2)),
        ("3, strides=2, dilation_rate=2", (11, 11, 2)),
        ("3, strides=(2, 1), dilation_rate=(1, 2), padding='same'", (10, 9, 2)),
        ("3, strides=2, padding='same', depth_multiplier=2, data_format='channels_first'", (2, 8, 9)),
        ("3, strides=2, dilation_rate=2, padding='same', data_format='channels_first'", (2, 10, 10)),
        ("3, depth_multiplier=2, data_format='channels_first'", (2, 5, 6)),  # width 4 == 2 x 2
        ("2, use_bias=False, activation='selu'", (6, 6, 2)),
        ("3, depthwise_initializer='he_uniform', bias_initializer='ones', activation='softmax'", (6, 6, 2)),
        ("3, activation='hard_shrink'", (6, 6, 2)),
        ("3, depth_multiplier=3, activation='sparsemax'", (6, 6, 2)),
    ]),
)

SEPARABLE_CONV1D = Family(
    "SeparableConv1D",
    # Every case without a data_format runs channels_first.
    "import keras\nfrom keras import layers\nkeras.config.set_image_data_format('channels_first')\n",
    "functional", "keras.Model", "keras.Input",
    cases("sep1d", "layers.SeparableConv1D({})", [
        ("4, 3", (3, 9)),
        ("4, 3, padding='same'", (3, 9)),
        ("4, 3, strides=2, depth_multiplier=2", (3, 10)),
        ("4, 3, dilation_rate=2", (2, 11)),
        ("4, 3, strides=2, dilation_rate=2, padding='same'", (2, 12)),
        ("4, 3, data_format='channels_last'", (9, 3)),
        # One input channel per filter and no multiplier: pointwise-then-depthwise still runs.
        ("2, 3, strides=2, dilation_rate=2, data_format='channels_last'", (13, 2)),
        ("4, 3, strides=2, dilation_rate=2, padding='same', data_format='channels_last', depth_multiplier=2",
         (12, 2)),
        ("4, 2, use_bias=False, activation='swish'", (2, 8)),
        ("5, 3, depth_multiplier=3, activation='softmax'", (2, 9)),
        ("4, 1, strides=3, padding='same', activation='linear'", (2, 10)),
        ("4, 3, strides=2, activation='relu'", (3, 9)),  # length 4 == filters
        ("4, 3, activation='log_sigmoid'", (2, 8)),
    ]) + (Case("sep1d_alias", "layers.SeparableConvolution1D(3, 2, pointwise_initializer='lecun_normal')", (2, 7)),),
)

SEPARABLE_CONV2D = Family(
    "SeparableConv2D",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("sep2d", "keras.layers.SeparableConv2D({})", [
        ("4, 3", (7, 7, 3)),
        ("4, 3, padding='same'", (8, 8, 2)),
        ("4, (3, 2), strides=2", (9, 8, 2)),
        ("4, 3, strides=(2, 1), padding='same', depth_multiplier=2", (9, 9, 2)),
        ("4, 3, dilation_rate=2", (9, 9, 2)),
        ("4, 3, strides=2, dilation_rate=2", (11, 11, 2)),
        ("4, 3, strides=2, dilation_rate=(2, 1), padding='same'", (10, 9, 2)),
        ("4, 3, data_format='channels_first'", (2, 7, 7)),
        ("4, 3, strides=2, dilation_rate=2, padding='same', data_format='channels_first'", (2, 10, 10)),
        ("3, 2, data_format='channels_first', activation='relu'", (2, 4, 4)),  # width 3 == filters
        # channels x multiplier == filters: a pointwise kernel read as (out, in) still runs.
        ("6, 3, depth_multiplier=3, activation='gelu'", (7, 7, 2)),
        ("4, 3, use_bias=False, activation='sigmoid'", (6, 6, 2)),
        ("4, 3, 1, 'valid', 'channels_last', 1, 1, 'relu', True, 'he_normal', 'glorot_normal', 'ones'", (6, 6, 2)),
        ("4, 3, activation='sparse_sigmoid'", (6, 6, 2)),
    ]) + (Case("sep2d_alias", "keras.layers.SeparableConvolution2D(4, 2)", (6, 6, 2)),),
)

FAMILIES = (
    CONV1D, CONV2D, CONV3D, CONV1D_TRANSPOSE, CONV2D_TRANSPOSE, CONV3D_TRANSPOSE,
    DEPTHWISE_CONV1D, DEPTHWISE_CONV2D, SEPARABLE_CONV1D, SEPARABLE_CONV2D,
)

# The issue asks for every activation wherever a layer takes one: the family covers them all between its classes.
_COVERED = {a for f in FAMILIES for c in f.cases for a in ACTIVATIONS if f"'{a}'" in c.layer or f".{a}" in c.layer}
assert _COVERED == set(ACTIVATIONS), f"activations no convolution case uses: {sorted(set(ACTIVATIONS) - _COVERED)}"

MUTANTS = (
    Mutant("conv2d_flipped_kernel", "Conv2D", "matrix_conv2d", "conv2d_1", "conv2d_1",
           r"tf\.nn\.convolution\(inputs, self\.kernel,", "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),",
           "a true convolution (flipped kernel) instead of Keras's cross-correlation"),
    Mutant("conv2d_channels_first_bias_on_channels", "Conv2D", "matrix_conv2d", "conv2d_14", "conv2d_14",
           r'data_format = "NHWC" if outputs\.shape\[-1\] == size else "NCHW"',
           'data_format = "NCHW" if outputs.shape[1] == size else "NHWC"',
           "the channels_first bias on the channels, where Keras's ops.add guesses the (equally long) last axis"),
    Mutant("conv1d_causal_wrong_side", "Conv1D", "matrix_conv1d", "conv1d_3", "conv1d_3",
           r"\[left, 0\] if axis == steps_axis", "[0, left] if axis == steps_axis",
           "causal padding after the sequence: each step sees the future"),
    Mutant("conv3d_strides_reversed", "Conv3D", "matrix_conv3d", "conv3d_13", "conv3d_13",
           r"strides=list\(self\.strides\)", "strides=list(self.strides)[::-1]",
           "strides applied width-first (sizes where both orders give the same output shape)"),
    Mutant("conv1dt_flipped_kernel", "Conv1DTranspose", "matrix_conv1dtranspose", "conv1dt_3", "conv1d_transpose_3",
           r"tf\.nn\.conv_transpose\(inputs, self\.kernel,", "tf.nn.conv_transpose(inputs, tf.reverse(self.kernel, [0]),",
           "the transposed kernel flipped along the steps (with output_padding)"),
    Mutant("conv1dt_output_padding_ignored", "Conv1DTranspose", "matrix_conv1dtranspose", "conv1dt_3",
           "conv1d_transpose_3", r"if output_padding is None else output_padding",
           "if output_padding is None else 0",
           "output_padding dropped from the output size. Kept beside conv1dt_flipped_kernel (the rule's numerical "
           "mutant): output_padding only sizes the output, so dropping it always changes the shape",
           rejected_by="shape"),
    Mutant("conv2dt_flipped_kernel", "Conv2DTranspose", "matrix_conv2dtranspose", "conv2dt_1", "conv2d_transpose_1",
           r"tf\.nn\.conv_transpose\(inputs, self\.kernel,",
           "tf.nn.conv_transpose(inputs, tf.reverse(self.kernel, [0, 1]),",
           "the transposed kernel flipped spatially (a convolution's adjoint taken twice)"),
    Mutant("conv3dt_valid_size_without_stride", "Conv3DTranspose", "matrix_conv3dtranspose", "conv3dt_2",
           "conv3d_transpose_2", r"max\(kernel, stride\) - kernel", "0",
           "a kernel smaller than the stride: output sized (n - 1) * s + k, as torch does, not Keras's n * s. Kept "
           "beside conv3dt_flipped_kernel (the rule's numerical mutant): the bug is in the output's size alone",
           rejected_by="shape"),
    Mutant("conv3dt_flipped_kernel", "Conv3DTranspose", "matrix_conv3dtranspose", "conv3dt_2", "conv3d_transpose_2",
           r"tf\.nn\.conv_transpose\(inputs, self\.kernel,",
           "tf.nn.conv_transpose(inputs, tf.reverse(self.kernel, [0, 1, 2]),",
           "the transposed kernel flipped spatially (a kernel smaller than the stride)"),
    Mutant("dw1d_same_padding_before", "DepthwiseConv1D", "matrix_depthwiseconv1d", "dw1d_7", "depthwise_conv1d_7",
           r"\[total // 2, total - total // 2\]", "[total - total // 2, total // 2]",
           "`same` padding written out with the odd zero before the sequence (TF puts it after)"),
    Mutant("dw2d_channels_first_wrong_transpose", "DepthwiseConv2D", "matrix_depthwiseconv2d", "dw2d_0",
           "depthwise_conv2d", r"outputs = tf\.transpose\(outputs, \(0, 3, 1, 2\)\)",
           "outputs = tf.transpose(outputs, (0, 3, 2, 1))",
           "channels_first restored with height and width swapped"),
    Mutant("sep1d_pointwise_first", "SeparableConv1D", "matrix_separableconv1d", "sep1d_6", "separable_conv1d_6",
           r"outputs = tf\.nn\.depthwise_conv2d\(inputs, depthwise, (?P<rest>[\s\S]*?)\n(?P<sub>\s+outputs = outputs\[[^\n]*)"
           r"\n\s+outputs = tf\.nn\.conv2d\(outputs, pointwise, (?P<args>[^\n]*)\)",
           r"outputs = tf.nn.depthwise_conv2d(tf.nn.conv2d(inputs, pointwise, \g<args>), depthwise, \g<rest>\n\g<sub>",
           "the pointwise 1x1 convolution applied before the depthwise one"),
    Mutant("sep2d_pointwise_transposed", "SeparableConv2D", "matrix_separableconv2d", "sep2d_10", "separable_conv2d_10",
           r"pointwise = self\.pointwise_kernel", "pointwise = tf.transpose(self.pointwise_kernel, (0, 1, 3, 2))",
           "the pointwise kernel read as (out, in)"),
)
