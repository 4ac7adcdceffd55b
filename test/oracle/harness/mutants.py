"""Mutants: small textual mutations of real lowered code that the oracle must reject.
A check that cannot fail is no check; each rule ships at least one."""
from __future__ import annotations

import re
from dataclasses import dataclass


class PatternNotFound(Exception):
    """The lowering no longer contains the text a mutant edits: update the mutant, never drop it."""


@dataclass(frozen=True)
class Mutant:
    name: str
    rule: str  # the rule under attack: a Keras class, or "module"
    program: str
    model: str
    layer: str | None  # None for a module-mode lowering
    pattern: str  # a regular expression over the lowered text
    replacement: str
    why: str

    @property
    def target_id(self) -> str:
        return f"{self.model}.{self.layer}" if self.layer else f"{self.model}.module"

    def apply(self, text: str) -> str:
        mutated, count = re.subn(self.pattern, self.replacement, text, count=1)
        if count == 0:
            raise PatternNotFound(f"mutant {self.name}: /{self.pattern}/ not found in the {self.target_id} lowering")
        return mutated


MUTANTS: tuple[Mutant, ...] = (
    # Layer mode, one or more per rule.
    Mutant("dense_transposed_kernel", "Dense", "matrix_dense", "dense_20", "dense_20",
           r"tf\.matmul\(inputs, self\.kernel\)", "tf.matmul(inputs, self.kernel, transpose_b=True)",
           "a square kernel used transposed runs, but computes x·Wᵀ"),
    Mutant("dense_bias_dropped", "Dense", "seed_mlp", "model", "dense",
           r"outputs = tf\.nn\.bias_add\(outputs, self\.bias\)", "outputs = outputs",
           "the bias is never added"),
    Mutant("conv2d_same_padding", "Conv2D", "seed_cnn", "model", "conv2d",
           r"padding=self\.padding", 'padding="SAME"',
           "the seed article's bug: Keras pads `valid` by default"),
    Mutant("conv2d_flipped_kernel", "Conv2D", "matrix_conv2d", "conv2d_1", "conv2d_1",
           r"tf\.nn\.convolution\(inputs, self\.kernel,", "tf.nn.convolution(inputs, tf.reverse(self.kernel, [0, 1]),",
           "a true convolution (flipped kernel) instead of Keras's cross-correlation"),
    Mutant("maxpool_average", "MaxPooling2D", "seed_cnn", "model", "max_pooling2d",
           r"tf\.nn\.max_pool2d\(", "tf.nn.avg_pool2d(", "average instead of max pooling"),
    Mutant("maxpool_same_padding", "MaxPooling2D", "matrix_maxpooling2d", "maxpool_0", "max_pooling2d",
           r"padding=self\.padding", 'padding="SAME"', "`same` padding on an odd input keeps the ragged edge"),
    Mutant("flatten_channels_first_order", "Flatten", "seed_cnn", "model", "flatten",
           r"return tf\.reshape\(inputs, ", "return tf.reshape(tf.transpose(inputs, [0, 3, 1, 2]), ",
           "flattens in channels-first order: same size, wrong element order"),
    Mutant("dropout_not_scaled", "Dropout", "matrix_dropout", "dropout_0", "dropout",
           r"return tf\.nn\.dropout\(inputs, rate=self\.rate, seed=self\.seed\)",
           "return tf.nn.dropout(inputs, rate=self.rate, seed=self.seed) * (1 - self.rate)",
           "kept values are not scaled by 1 / (1 - rate)"),
    Mutant("dropout_at_inference", "Dropout", "functional_cnn", "model", "dropout",
           r"if not training or self\.rate == 0:", "if self.rate == 0:",
           "drops units at inference too"),
    Mutant("lstm_gates_swapped", "LSTM", "seed_lstm", "model", "lstm",
           r"z_i, z_f, z_c, z_o = tf\.split", "z_i, z_c, z_f, z_o = tf.split",
           "TF1's i, j, f, o gate order instead of Keras's i, f, c, o"),
    Mutant("lstm_last_step_of_reversed", "LSTM", "matrix_lstm", "lstm_0", "lstm",
           r"else hs\[-1\]", "else hs[0]", "returns the first step's state instead of the last"),
    Mutant("activation_gelu_approximate", "Activation", "matrix_activation", "activation_7", "activation_7",
           r"TfActivation\(tf\.nn\.gelu\)", "TfActivation(lambda x: tf.nn.gelu(x, approximate=True))",
           "Keras's gelu is exact (erf), not the tanh approximation"),
    Mutant("activation_elu_as_selu", "Activation", "matrix_activation", "activation_5", "activation_5",
           r"TfActivation\(tf\.nn\.elu\)", "TfActivation(tf.nn.selu)", "the wrong activation"),
    # Module mode: the forward pass and the initializer math.
    Mutant("module_conv_same_padding", "module", "seed_cnn", "model", None,
           r'padding="VALID"', 'padding="SAME"', "the seed article's bug, in the whole-model lowering"),
    Mutant("module_softmax_wrong_axis", "module", "matrix_activation", "activation_3", None,
           r"tf\.nn\.softmax\(x, axis=-1\)", "tf.nn.softmax(x, axis=1)", "softmax over the wrong axis"),
    Mutant("module_glorot_as_normal", "module", "seed_mlp", "model", None,
           r"return tf\.random\.uniform\(shape, -limit, limit\)", "return tf.random.normal(shape)",
           "the seed article's bug: kernels drawn from tf.random.normal, not Glorot-uniform"),
    Mutant("module_forget_bias_zero", "module", "seed_lstm", "model", None,
           r"tf\.concat\(\[tf\.zeros\(\(64,\)\), tf\.ones\(\(64,\)\)",
           "tf.concat([tf.zeros((64,)), tf.zeros((64,))", "the forget-gate bias starts at 0, not 1"),
    Mutant("module_lstm_gates_swapped", "module", "seed_lstm", "model", None,
           r"z_i, z_f, z_c, z_o = tf\.split", "z_i, z_c, z_f, z_o = tf.split", "swapped LSTM gates"),
)


def for_program(program: str) -> list[Mutant]:
    return [m for m in MUTANTS if m.program == program]
