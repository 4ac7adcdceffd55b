"""Mutants: small textual mutations of real lowered code that the oracle must reject.
A check that cannot fail is no check; each rule ships at least one. The mutants of the hand-written
fixtures are here; each family's matrix mutants live beside its matrix in `families/`."""
from __future__ import annotations

from .matrix import FAMILY_MUTANTS
from .spec import Mutant, PatternNotFound  # noqa: F401  (re-exported for the oracle)

FIXTURE_MUTANTS: tuple[Mutant, ...] = (
    Mutant("dense_bias_dropped", "Dense", "seed_mlp", "model", "dense",
           r"outputs = tf\.nn\.bias_add\(outputs, self\.bias\)", "outputs = outputs",
           "the bias is never added"),
    # The seed article's padding bug changes the output's shape, so only the shape check can see it (test_summary
    # compares shapes with Keras); these conv mutants keep every shape and must die on the numbers.
    Mutant("conv2d_kernel_flipped", "Conv2D", "seed_cnn", "model", "conv2d",
           r"tf\.nn\.convolution\(inputs, self\.kernel,", "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),",
           "a true convolution (the kernel flipped), where Keras cross-correlates"),
    Mutant("dense_final_bias_dropped", "Dense", "seed_mlp", "model", "dense_1",
           r"outputs = tf\.nn\.bias_add\(outputs, self\.bias\)", "outputs = outputs",
           "the softmax layer's bias is never added (hidden while U(-1, 1) weights saturated the softmax)"),
    Mutant("dense_logits_halved", "Dense", "seed_mlp", "model", "dense_1",
           r"outputs = self\.activation\(outputs\)", "outputs = self.activation(outputs * 0.5)",
           "the logits halved before the softmax: same argmax, other probabilities"),
    Mutant("maxpool_average", "MaxPooling2D", "seed_cnn", "model", "max_pooling2d",
           r"tf\.nn\.max_pool2d\(", "tf.nn.avg_pool2d(", "average instead of max pooling"),
    Mutant("flatten_channels_first_order", "Flatten", "seed_cnn", "model", "flatten",
           r"return tf\.reshape\(inputs, ", "return tf.reshape(tf.transpose(inputs, [0, 3, 1, 2]), ",
           "flattens in channels-first order: same size, wrong element order"),
    Mutant("dropout_at_inference", "Dropout", "functional_cnn", "model", "dropout",
           r"if not training or self\.rate == 0:", "if self.rate == 0:",
           "drops units at inference too"),
    Mutant("lstm_gates_swapped", "LSTM", "seed_lstm", "model", "lstm",
           r"z_i, z_f, z_c, z_o = tf\.split", "z_i, z_c, z_f, z_o = tf.split",
           "TF1's i, j, f, o gate order instead of Keras's i, f, c, o"),
    # Module mode: the forward pass and the initializer math.
    Mutant("module_conv_kernel_flipped", "module", "seed_cnn", "model", None,
           r"tf\.nn\.convolution\(x, self\.conv2d_kernel,", "tf.nn.convolution(x, tf.reverse(self.conv2d_kernel, [0, 1]),",
           "a true convolution in the whole-model lowering"),
    Mutant("module_final_bias_dropped", "module", "seed_cnn", "model", None,
           r"dense = tf\.nn\.bias_add\(dense, self\.dense_bias\)", "dense = dense",
           "the classifier's bias is never added (passed at 2.7e-24 with saturating weights)"),
    Mutant("module_logits_halved", "module", "seed_mlp", "model", None,
           r"logits = dense_1\n", "logits = dense_1 * 0.5\n",
           "the logits halved before the softmax"),
    # Initial draws are random: only their statistics can tell a wrong initializer.
    Mutant("module_glorot_as_normal", "module", "seed_mlp", "model", None,
           r"return tf\.random\.uniform\(shape, -limit, limit\)", "return tf.random.normal(shape)",
           "the seed article's bug: kernels drawn from tf.random.normal, not Glorot-uniform",
           rejected_by="initializer statistics"),
    Mutant("module_forget_bias_zero", "module", "seed_lstm", "model", None,
           r"tf\.concat\(\[tf\.zeros\(\(64,\)\), tf\.ones\(\(64,\)\)",
           "tf.concat([tf.zeros((64,)), tf.zeros((64,))", "the forget-gate bias starts at 0, not 1",
           rejected_by="initializer statistics"),
    Mutant("module_lstm_gates_swapped", "module", "seed_lstm", "model", None,
           r"z_i, z_f, z_c, z_o = tf\.split", "z_i, z_c, z_f, z_o = tf.split", "swapped LSTM gates"),
)

MUTANTS: tuple[Mutant, ...] = FIXTURE_MUTANTS + FAMILY_MUTANTS


def for_program(program: str) -> list[Mutant]:
    return [m for m in MUTANTS if m.program == program]
