"""Recurrent layers and their wrappers: units, sequence lengths 1 and odd, return_sequences, return_state (every
output compared), go_backwards, initial_state inputs, unroll, activations, biases, dropout (identity in
inference), GRU's reset_after; Bidirectional in every merge mode and with a backward layer; TimeDistributed
around lowered layers."""
from ..spec import Case, Family, Mutant, cases

_KERAS = "import keras\nfrom keras import layers\n"
_TF_KERAS = "from tensorflow import keras\nfrom tensorflow.keras import layers\n"


def _initial_state(var: str, layer: str, shape: tuple[int, ...], units: int, states: int) -> Case:
    """A case whose layer starts from `states` extra (batch, units) inputs passed as `initial_state=[...]`."""
    names = ", ".join(f"{{{i + 1}}}" for i in range(states))
    return Case(var, layer, shape, more_inputs=((units,),) * states,
                call=f"{{layer}}({{0}}, initial_state=[{names}])")


SIMPLE_RNN = Family(
    "SimpleRNN", _KERAS, "functional", "keras.Model", "keras.Input",
    cases("simple_rnn", "layers.SimpleRNN({})", [
        ("6", (7, 3)),
        ("6, return_sequences=True", (7, 3)),
        ("2", (5, 4)),
        ("4", (1, 5)),
        ("3, go_backwards=True", (5, 2)),
        ("3, go_backwards=True, return_sequences=True", (5, 2)),
        ("5, activation='relu'", (6, 3)),
        ("5, activation=None", (4, 3)),
        ("5, activation='sigmoid', use_bias=False", (4, 3)),
        ("4, return_state=True", (5, 3)),
        ("4, return_state=True, return_sequences=True, go_backwards=True", (5, 3)),
        ("4, unroll=True", (3, 2)),
        ("4, unroll=True, return_sequences=True, go_backwards=True", (3, 2)),
        ("4, dropout=0.3, recurrent_dropout=0.2", (5, 3)),
        ("7, 'gelu', True, 'he_normal', 'glorot_uniform', 'ones'", (3, 3)),
        ("2, activation='softsign', return_sequences=True", (9, 3)),
    ]) + (
        _initial_state("simple_rnn_16", "layers.SimpleRNN(4)", (5, 3), 4, 1),
        Case("simple_rnn_17", "layers.SimpleRNN(3, return_sequences=True, return_state=True)", (5, 2),
             more_inputs=((3,),), call="{layer}({0}, initial_state={1})"),
    ),
)

LSTM = Family(
    "LSTM",
    "from tensorflow import keras\nfrom tensorflow.keras.layers import LSTM\n",
    "functional", "keras.Model", "keras.Input",
    cases("lstm", "LSTM({})", [
        ("6", (7, 3)),
        ("6, return_sequences=True", (7, 3)),
        ("1", (5, 4)),
        ("1, return_sequences=True", (5, 4)),
        ("4", (1, 5)),
        ("units=8, return_sequences=True", (1, 2)),
        ("5, go_backwards=True", (7, 3)),
        ("5, go_backwards=True, return_sequences=True", (7, 3)),
        ("4, return_state=True", (5, 3)),
        ("4, return_state=True, return_sequences=True", (3, 2)),
        ("3, activation='relu', recurrent_activation='tanh'", (6, 2)),
        ("3, 'elu', None, use_bias=False", (5, 4)),
        ("3, unit_forget_bias=False", (5, 4)),
        ("3, unit_forget_bias=False, bias_initializer='ones'", (4, 4)),
        ("4, unroll=True", (3, 3)),
        ("4, dropout=0.5, recurrent_dropout=0.5", (5, 3)),
        ("4, implementation=1", (5, 3)),
        ("6, recurrent_dropout=0.1, return_sequences=True", (4, 3)),
        ("4, go_backwards=True, return_state=True, unroll=True", (1, 3)),
        ("2, use_cudnn=False", (3, 2)),
        ("3, return_sequences=True, go_backwards=True", (None, 2)),
    ]) + (
        _initial_state("lstm_21", "LSTM(4, return_state=True)", (5, 3), 4, 2),
        _initial_state("lstm_22", "LSTM(3, return_sequences=True, go_backwards=True)", (4, 2), 3, 2),
    ),
)

GRU = Family(
    "GRU", "import keras\nfrom keras.layers import GRU\n", "functional", "keras.Model", "keras.Input",
    cases("gru", "GRU({})", [
        ("6", (7, 3)),
        ("6, return_sequences=True", (7, 3)),
        ("1", (5, 4)),
        ("4", (1, 5)),
        ("5, reset_after=False", (7, 3)),
        ("5, reset_after=False, return_sequences=True", (7, 3)),
        ("3, use_bias=False", (5, 4)),
        ("3, use_bias=False, reset_after=False", (5, 4)),
        ("4, go_backwards=True, return_sequences=True", (5, 3)),
        ("4, go_backwards=True, reset_after=False", (5, 3)),
        ("4, return_state=True", (5, 3)),
        ("4, return_state=True, return_sequences=True, reset_after=False", (3, 2)),
        ("3, activation='relu', recurrent_activation='tanh'", (6, 2)),
        ("3, None, 'relu'", (6, 2)),
        ("4, unroll=True, return_sequences=True", (3, 3)),
        ("4, dropout=0.2, recurrent_dropout=0.3", (5, 3)),
        ("4, bias_initializer='ones'", (5, 3)),
        ("4, reset_after=False, bias_initializer='glorot_uniform'", (5, 3)),
        ("5, implementation=1", (5, 3)),
    ]) + (
        _initial_state("gru_19", "GRU(4, return_sequences=True)", (5, 3), 4, 1),
        _initial_state("gru_20", "GRU(3, reset_after=False, return_state=True)", (9, 2), 3, 1),
    ),
)

BIDIRECTIONAL = Family(
    "Bidirectional", _KERAS, "functional", "keras.Model", "keras.Input",
    cases("bidirectional", "layers.Bidirectional({})", [
        ("layers.LSTM(4)", (5, 3)),
        ("layers.LSTM(4, return_sequences=True)", (5, 3)),
        ("layers.LSTM(3, return_sequences=True), merge_mode='sum'", (5, 3)),
        ("layers.GRU(3, return_sequences=True), 'mul'", (4, 2)),
        ("layers.SimpleRNN(3, return_sequences=True), merge_mode='ave'", (5, 2)),
        ("layers.GRU(3), merge_mode=None", (5, 3)),
        ("layers.LSTM(3, return_sequences=True), merge_mode=None", (3, 3)),
        ("layers.LSTM(2, return_state=True)", (5, 3)),
        ("layers.GRU(2, return_state=True, return_sequences=True), merge_mode=None", (5, 3)),
        ("layers.SimpleRNN(2, return_state=True), merge_mode='sum'", (4, 3)),
        ("layers.LSTM(3, return_sequences=True), "
         "backward_layer=layers.LSTM(3, return_sequences=True, go_backwards=True, activation='relu')", (5, 2)),
        ("layers.GRU(3, reset_after=False), "
         "backward_layer=layers.GRU(3, go_backwards=True, reset_after=False, use_bias=False)", (5, 2)),
        ("layers.LSTM(3, go_backwards=True), backward_layer=layers.LSTM(3)", (4, 2)),
        ("layers.SimpleRNN(4, unroll=True, activation='relu')", (1, 3)),
        ("layers.LSTM(3, dropout=0.2, recurrent_dropout=0.2, return_sequences=True)", (5, 3)),
        ("layers.GRU(5, return_sequences=True), merge_mode='concat'", (9, 2)),
    ]) + (
        _initial_state("bidirectional_16", "layers.Bidirectional(layers.LSTM(3, return_sequences=True))",
                       (5, 2), 3, 4),
        _initial_state("bidirectional_17", "layers.Bidirectional(layers.GRU(2), merge_mode='sum')", (4, 3), 2, 2),
    ),
)

TIME_DISTRIBUTED = Family(
    "TimeDistributed", _TF_KERAS, "functional", "keras.Model", "keras.Input",
    cases("time_distributed", "layers.TimeDistributed({})", [
        ("layers.Dense(6)", (5, 3)),
        ("layers.Dense(4, activation='relu')", (1, 7)),
        ("layers.Dense(3, use_bias=False)", (4, 2, 5)),
        ("layers.Conv2D(4, 3)", (3, 8, 8, 2)),
        ("layers.Conv2D(2, 3, padding='same', strides=2)", (2, 7, 7, 3)),
        ("layers.MaxPooling2D()", (3, 6, 6, 2)),
        ("layers.Flatten()", (4, 3, 2)),
        ("layers.Dropout(0.5)", (5, 3)),
        ("layers.Activation('tanh')", (5, 3)),
        ("layers.Dense(5, activation='softmax')", (7, 4)),
        ("layers.TimeDistributed(layers.Dense(2))", (3, 4, 5)),
        ("layer=layers.Dense(1)", (9, 1)),
        ("layers.Dense(3)", (None, 4)),
        ("layers.Dense(4, activation='relu')", (None, 7)),
        ("layers.Flatten()", (None, 3, 2)),
    ]),
)

FAMILIES = (SIMPLE_RNN, LSTM, GRU, BIDIRECTIONAL, TIME_DISTRIBUTED)

MUTANTS = (
    Mutant("simple_rnn_backwards_not_reversed", "SimpleRNN", "matrix_simplernn", "simple_rnn_5", "simple_rnn_5",
           r"steps = tf\.reverse\(steps, \[0\]\)", "steps = steps",
           "go_backwards never reverses the sequence"),
    Mutant("module_simple_rnn_bias_dropped", "module", "matrix_simplernn", "simple_rnn_0", None,
           r"z = z \+ self\.\w+_bias", "z = z", "the SimpleRNN bias is never added"),
    Mutant("lstm_last_step_of_reversed", "LSTM", "matrix_lstm", "lstm_0", "lstm",
           r"else hs\[-1\]", "else hs[0]", "returns the first step's state instead of the last"),
    Mutant("lstm_states_swapped", "LSTM", "matrix_lstm", "lstm_8", "lstm_8",
           r"return \(output, \*states\)", "return (output, *states[::-1])",
           "return_state gives the carry c before the output state h"),
    Mutant("gru_reset_before_matmul", "GRU", "matrix_gru", "gru_0", "gru",
           r"hh = self\.activation\(x_h \+ r \* matrix_inner\[:, 2 \* units:\]\)",
           "hh = self.activation(x_h + tf.matmul(r * h_in, self.recurrent_kernel[:, 2 * units:]))",
           "reset_after=True applies the reset gate after the recurrent matmul (and its bias), not before"),
    Mutant("module_gru_bias_rows_swapped", "module", "matrix_gru", "gru_0", None,
           r"matrix_x = matrix_x \+ self\.(\w+)_bias\[0\]", r"matrix_x = matrix_x + self.\1_bias[1]",
           "the input bias is row 0 of the (2, 3*units) bias, the recurrent bias row 1"),
    Mutant("bidirectional_backward_not_flipped", "Bidirectional", "matrix_bidirectional", "bidirectional_1",
           "bidirectional_1", r"y_rev = tf\.reverse\(y_rev, \[1\]\)", "y_rev = y_rev",
           "the backward sequence is merged in processing order instead of input order"),
    Mutant("module_bidirectional_ave_not_halved", "module", "matrix_bidirectional", "bidirectional_4", None,
           r"= \((\w+_y) \+ (\w+_y_rev)\) / 2", r"= \1 + \2",
           "merge_mode='ave' sums the directions without halving"),
    Mutant("time_distributed_steps_reversed", "TimeDistributed", "matrix_timedistributed", "time_distributed_0",
           "time_distributed", r"for t in range\(inputs\.shape\[1\]\)",
           "for t in reversed(range(inputs.shape[1]))", "stacks the timesteps' results in reverse order"),
    Mutant("module_time_distributed_fold_batch_major", "module", "matrix_timedistributed", "time_distributed_12",
           None, r"_folded = tf\.reshape\(\w+_steps, ", "_folded = tf.reshape(x, ",
           "an unknown number of timesteps: folds batch-major but unfolds time-major"),
    Mutant("module_time_distributed_first_step_only", "module", "matrix_timedistributed", "time_distributed_0",
           None, r"_steps\[(\w+)_t\]", r"_steps[0]",
           "every timestep is computed from the first one"),
)
