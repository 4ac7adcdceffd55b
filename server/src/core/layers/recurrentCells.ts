// The three Keras recurrent cells (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py) as they run on CPU: the
// generic step loop of backend/tensorflow/rnn.py, never cuDNN. One step per time index over the time-major
// sequence (reversed first when `go_backwards`; outputs stay in processing order, as Keras returns them).
// Layer mode: Python classes with the cell as a method; module mode: the same step written out per layer.
import { activationLowering, supportedActivations } from './activationFunctions.ts';
import type { Dim } from '../types.ts';
import type { LayerConfig } from './config.ts';

export type CellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

/** Gate blocks in the kernels and state tensors each cell carries. */
export const CELLS: Record<CellKind, { gates: number; states: number }> = {
  SimpleRNN: { gates: 1, states: 1 },
  LSTM: { gates: 4, states: 2 },
  GRU: { gates: 3, states: 1 },
};

/**
 * The cell step as a Python method body (8-space indent), `ref(name)` reading the cell's weights and
 * settings (`self.kernel` in a layer class, `cell["kernel"]` in TfBidirectional). The method receives
 * `x_t`, `h_in` (the previous output, recurrent-dropout mask applied) and `states` (the previous states).
 */
function cellMethodBody(kind: CellKind, ref: (name: string) => string): string[] {
  if (kind === 'SimpleRNN')
    return [
      `z = tf.matmul(x_t, ${ref('kernel')})`,
      `if ${ref('use_bias')}:`,
      `    z = z + ${ref('bias')}`,
      `h = ${ref('activation')}(z + tf.matmul(h_in, ${ref('recurrent_kernel')}))`,
      'return (h,)',
    ];
  if (kind === 'LSTM')
    return [
      `z = tf.matmul(x_t, ${ref('kernel')}) + tf.matmul(h_in, ${ref('recurrent_kernel')})`,
      `if ${ref('use_bias')}:`,
      `    z = tf.nn.bias_add(z, ${ref('bias')})`,
      'z_i, z_f, z_c, z_o = tf.split(z, 4, axis=1)',
      `i = ${ref('recurrent_activation')}(z_i)`,
      `f = ${ref('recurrent_activation')}(z_f)`,
      `c = f * states[1] + i * ${ref('activation')}(z_c)`,
      `o = ${ref('recurrent_activation')}(z_o)`,
      `h = o * ${ref('activation')}(c)`,
      'return h, c',
    ];
  return [
    `units = ${ref('units')}`,
    `matrix_x = tf.matmul(x_t, ${ref('kernel')})`,
    `if ${ref('use_bias')}:`,
    `    # reset_after: bias row 0 is added to x @ kernel, row 1 to h @ recurrent_kernel.`,
    `    input_bias = ${ref('bias')}[0] if ${ref('reset_after')} else ${ref('bias')}`,
    '    matrix_x = matrix_x + input_bias',
    'x_z, x_r, x_h = tf.split(matrix_x, 3, axis=1)',
    `if ${ref('reset_after')}:`,
    `    matrix_inner = tf.matmul(h_in, ${ref('recurrent_kernel')})`,
    `    if ${ref('use_bias')}:`,
    `        matrix_inner = matrix_inner + ${ref('bias')}[1]`,
    'else:',
    `    matrix_inner = tf.matmul(h_in, ${ref('recurrent_kernel')}[:, :2 * units])`,
    `z = ${ref('recurrent_activation')}(x_z + matrix_inner[:, :units])`,
    `r = ${ref('recurrent_activation')}(x_r + matrix_inner[:, units:2 * units])`,
    `if ${ref('reset_after')}:`,
    `    hh = ${ref('activation')}(x_h + r * matrix_inner[:, 2 * units:])`,
    'else:',
    `    hh = ${ref('activation')}(x_h + tf.matmul(r * h_in, ${ref('recurrent_kernel')}[:, 2 * units:]))`,
    'h = z * states[0] + (1 - z) * hh',
    'return (h,)',
  ];
}

/**
 * The loop shared by every generated recurrent class (8-space indent): zero or given initial states,
 * time-major steps (reversed for `go_backwards`), dropout masks drawn once per sequence in training,
 * `tf.scan` over the steps; `cell` reads the settings, `callCell` runs one step.
 */
function loopBody(cell: (name: string) => string, callCell: string, states: string): string[] {
  return [
    'if initial_state is None:',
    `    zeros = tf.zeros((tf.shape(sequences)[0], ${cell('units')}), dtype=sequences.dtype)`,
    `    initial_state = [zeros] * ${states}`,
    'states = tuple(tf.cast(state, sequences.dtype) for state in tf.nest.flatten(initial_state))',
    'steps = tf.transpose(sequences, (1, 0, 2))',
    `if ${cell('go_backwards')}:`,
    '    steps = tf.reverse(steps, [0])',
    '# Training only: one mask per sequence, as Keras draws them (from another random stream).',
    `if training and 0 < ${cell('dropout')} < 1:`,
    `    steps = steps * tf.nn.dropout(tf.ones_like(steps[0]), rate=${cell('dropout')}, seed=${cell('seed')})`,
    'recurrent_mask = None',
    `if training and 0 < ${cell('recurrent_dropout')} < 1:`,
    `    recurrent_mask = tf.nn.dropout(tf.ones_like(states[0]), rate=${cell('recurrent_dropout')}, seed=${cell('seed')})`,
    '',
    'def step(state, x_t):',
    '    h_in = state[0] if recurrent_mask is None else state[0] * recurrent_mask',
    `    return ${callCell}`,
    '',
    'sequence = tf.scan(step, steps, initializer=states)',
    'hs = sequence[0]',
    `output = tf.transpose(hs, (1, 0, 2)) if ${cell('return_sequences')} else hs[-1]`,
    'return output, [state[-1] for state in sequence]',
  ];
}

const indent = (lines: string[], by: string): string[] => lines.map((line) => (line ? by + line : line));

/** `def __init__(` parameters wrapped under the opening parenthesis, lines under 110 characters. */
function wrapParameters(parameters: string[]): string {
  const continuation = ' '.repeat('    def __init__('.length);
  const lines = [''];
  for (const parameter of parameters) {
    const last = lines[lines.length - 1]!;
    const piece = last ? `${last} ${parameter},` : `${parameter},`;
    if (last && continuation.length + piece.length > 110) lines.push(`${parameter},`);
    else lines[lines.length - 1] = piece;
  }
  return lines.join(`\n${continuation}`).slice(0, -1);
}

/** Constructor parameters of the generated classes, in Keras's order (defaults as Keras's). */
const CLASS_PARAMETERS: Record<CellKind, string[]> = {
  SimpleRNN: [
    'units',
    'activation=tf.nn.tanh',
    'use_bias=True',
    'kernel_initializer="glorot_uniform"',
    'recurrent_initializer="orthogonal"',
    'bias_initializer="zeros"',
    'dropout=0.0',
    'recurrent_dropout=0.0',
    'return_sequences=False',
    'return_state=False',
    'go_backwards=False',
    'unroll=False',
    'seed=None',
  ],
  LSTM: [
    'units',
    'activation=tf.nn.tanh',
    'recurrent_activation=tf.nn.sigmoid',
    'use_bias=True',
    'kernel_initializer="glorot_uniform"',
    'recurrent_initializer="orthogonal"',
    'bias_initializer="zeros"',
    'unit_forget_bias=True',
    'dropout=0.0',
    'recurrent_dropout=0.0',
    'seed=None',
    'return_sequences=False',
    'return_state=False',
    'go_backwards=False',
    'unroll=False',
    'use_cudnn="auto"',
    'implementation=2',
  ],
  GRU: [
    'units',
    'activation=tf.nn.tanh',
    'recurrent_activation=tf.nn.sigmoid',
    'use_bias=True',
    'kernel_initializer="glorot_uniform"',
    'recurrent_initializer="orthogonal"',
    'bias_initializer="zeros"',
    'dropout=0.0',
    'recurrent_dropout=0.0',
    'seed=None',
    'return_sequences=False',
    'return_state=False',
    'go_backwards=False',
    'unroll=False',
    'reset_after=True',
    'use_cudnn="auto"',
    'implementation=2',
  ],
};

/** Keyword arguments the generated class takes in Keras's positional order, for positional call sites. */
export function classPositionalParameters(kind: CellKind): string[] {
  const names = CLASS_PARAMETERS[kind].map((parameter) => parameter.split('=')[0]!);
  return names.slice(0, names.indexOf('dropout'));
}

const DOCS: Record<CellKind, string> = {
  SimpleRNN: 'h = activation(x @ kernel + bias + h @ recurrent_kernel)',
  LSTM: 'gates i, f, c, o',
  GRU: 'gates z, r, h (reset_after: reset gate after the recurrent matmul)',
};

/** Layer mode: `TfSimpleRNN`, `TfLSTM` or `TfGRU`. */
export function rnnLayerClass(kind: CellKind): string {
  const { gates, states } = CELLS[kind];
  const parameters = CLASS_PARAMETERS[kind];
  const attributes = parameters
    .map((parameter) => parameter.split('=')[0]!)
    .filter((name) => !['unroll', 'use_cudnn', 'implementation'].includes(name));
  const biasShape =
    kind === 'GRU'
      ? '(2, 3 * self.units) if self.reset_after else (3 * self.units,)'
      : `(${gates === 1 ? '' : `${gates} * `}self.units,)`;
  const bias =
    kind === 'LSTM'
      ? [
          '        if self.use_bias:',
          '            initializer = self.bias_initializer',
          '            if self.unit_forget_bias:',
          '                units = self.units',
          '',
          '                def initializer(shape, dtype=None):',
          '                    blocks = [tf.zeros((units,)), tf.ones((units,)), tf.zeros((2 * units,))]',
          '                    return tf.cast(tf.concat(blocks, axis=0), dtype or "float32")',
          '',
          `            self.bias = self.add_weight(shape=${biasShape}, initializer=initializer, name="bias")`,
        ]
      : [
          '        if self.use_bias:',
          `            self.bias = self.add_weight(shape=${biasShape}, initializer=self.bias_initializer, name="bias")`,
        ];
  const self = (name: string): string => `self.${name}`;
  return `class Tf${kind}(keras.layers.Layer):
    """keras.layers.${kind} as explicit TensorFlow ops (generated by keras-lower): ${DOCS[kind]}.

    The step loop Keras runs on CPU; \`unroll\` and \`use_cudnn\` give the same numbers there."""

    def __init__(${wrapParameters(['self', ...parameters, '**kwargs'])}):
        super().__init__(**kwargs)
${attributes
  .map((name) => `        self.${name} = ${name.endsWith('activation') ? `${name} or tf.identity` : name}`)
  .join('\n')}

    def build(self, sequences_shape, initial_state_shape=None):
        self.kernel = self.add_weight(shape=(sequences_shape[-1], ${gates === 1 ? '' : `${gates} * `}self.units),
                                      initializer=self.kernel_initializer, name="kernel")
        self.recurrent_kernel = self.add_weight(shape=(self.units, ${gates === 1 ? '' : `${gates} * `}self.units),
                                                initializer=self.recurrent_initializer, name="recurrent_kernel")
${bias.join('\n')}

    def cell(self, x_t, h_in, states):
${indent(cellMethodBody(kind, self), '        ').join('\n')}

    def call(self, sequences, initial_state=None, training=False):
        output, states = self.run(sequences, initial_state, training)
        return (output, *states) if self.return_state else output

    def run(self, sequences, initial_state, training):
${indent(loopBody(self, 'self.cell(x_t, h_in, state)', String(states)), '        ').join('\n')}
`;
}

const MERGE_LINES = [
  'if self.merge_mode == "concat":',
  '    output = tf.concat([y, y_rev], axis=-1)',
  'elif self.merge_mode == "sum":',
  '    output = y + y_rev',
  'elif self.merge_mode == "ave":',
  '    output = (y + y_rev) / 2',
  'elif self.merge_mode == "mul":',
  '    output = y * y_rev',
  'else:',
  '    output = (y, y_rev)',
];

/** Layer mode: `TfBidirectional`, reading the wrapped layers' configs and running their cells itself. */
export function bidirectionalLayerClass(): string {
  const activations = supportedActivations()
    .map((name) => `"${name}": ${activationLowering(name)!.callable ?? 'tf.identity'}`)
    .join(', ');
  const cell = (name: string): string => `cell["${name}"]`;
  const cellMethod = (kind: CellKind, method: string): string =>
    [
      `    def ${method}(self, cell, x_t, h_in, states):`,
      ...indent(cellMethodBody(kind, cell), '        '),
    ].join('\n');
  return `class TfBidirectional(keras.layers.Layer):
    """keras.layers.Bidirectional over an LSTM, GRU or SimpleRNN as explicit TensorFlow ops (generated by keras-lower).

    A forward copy of \`layer\` and a backward one (go_backwards=True, or \`backward_layer\`) run the step loop
    Keras runs on CPU; the backward sequence is flipped back to input order before the merge."""

    ACTIVATIONS = {${activations}}
    GATES = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        super().__init__(**kwargs)
        forward = dict(layer.get_config(), kind=type(layer).__name__)
        if backward_layer is None:
            backward = dict(forward, go_backwards=True)
        else:
            backward = dict(backward_layer.get_config(), kind=type(backward_layer).__name__)
        for cell in (forward, backward):
            cell["activation"] = self.ACTIVATIONS[cell["activation"]]
            cell["recurrent_activation"] = self.ACTIVATIONS[cell.get("recurrent_activation", "linear")]
        self.cells = [forward, backward]
        self.merge_mode = merge_mode
        self.return_sequences = forward["return_sequences"]
        self.return_state = forward["return_state"]

    def build(self, sequences_shape, initial_state_shape=None):
        for direction, cell in zip(("forward", "backward"), self.cells):
            width = self.GATES[cell["kind"]] * cell["units"]
            cell["kernel"] = self.add_weight(shape=(sequences_shape[-1], width),
                                             initializer=cell["kernel_initializer"], name=f"{direction}_kernel")
            cell["recurrent_kernel"] = self.add_weight(shape=(cell["units"], width),
                                                       initializer=cell["recurrent_initializer"],
                                                       name=f"{direction}_recurrent_kernel")
            if cell["use_bias"]:
                initializer = cell["bias_initializer"]
                if cell.get("unit_forget_bias"):
                    units = cell["units"]

                    def initializer(shape, dtype=None, units=units):
                        blocks = [tf.zeros((units,)), tf.ones((units,)), tf.zeros((2 * units,))]
                        return tf.cast(tf.concat(blocks, axis=0), dtype or "float32")

                shape = (2, width) if cell.get("reset_after") else (width,)
                cell["bias"] = self.add_weight(shape=shape, initializer=initializer, name=f"{direction}_bias")

${cellMethod('SimpleRNN', 'simple_rnn_cell')}

${cellMethod('LSTM', 'lstm_cell')}

${cellMethod('GRU', 'gru_cell')}

    def cell(self, cell, x_t, h_in, states):
        if cell["kind"] == "LSTM":
            return self.lstm_cell(cell, x_t, h_in, states)
        if cell["kind"] == "GRU":
            return self.gru_cell(cell, x_t, h_in, states)
        return self.simple_rnn_cell(cell, x_t, h_in, states)

    def run(self, cell, sequences, initial_state, training):
${indent(loopBody(cell, 'self.cell(cell, x_t, h_in, state)', '(2 if cell["kind"] == "LSTM" else 1)'), '        ').join('\n')}

    def call(self, sequences, initial_state=None, training=False):
        forward_state = backward_state = None
        if initial_state is not None:
            half = len(initial_state) // 2
            forward_state, backward_state = initial_state[:half], initial_state[half:]
        y, forward_states = self.run(self.cells[0], sequences, forward_state, training)
        y_rev, backward_states = self.run(self.cells[1], sequences, backward_state, training)
        if self.return_sequences:
            y_rev = tf.reverse(y_rev, [1])
${indent(MERGE_LINES, '        ').join('\n')}
        if self.return_state:
            outputs = output if self.merge_mode is None else (output,)
            return (*outputs, *forward_states, *backward_states)
        return output
`;
}

/** One recurrent layer's loop in module mode; Bidirectional runs two of them. */
export interface RnnRun {
  kind: CellKind;
  config: LayerConfig;
  /** The input sequence's expression. */
  input: string;
  /** Prefix of every temporary the run assigns. */
  prefix: string;
  weight(name: string): string;
  training: string;
  goBackwards: boolean;
  /** Expressions of the initial states (`initial_state=`); empty for zeros. */
  initialStates: string[];
}

/** The run's statements, its output (sequence or last step) and its final states. */
export function rnnOps(run: RnnRun): { lines: string[]; output: string; states: string[] } {
  const { kind, config, input, prefix } = run;
  const units = config.dim('units') ?? null;
  const steps = `${prefix}_steps`;
  const lines = [`${steps} = tf.transpose(${input}, (1, 0, 2))`];
  if (run.goBackwards) lines.push(`${steps} = tf.reverse(${steps}, [0])`);
  let initial = run.initialStates;
  if (initial.length === 0) {
    lines.push(`${prefix}_zeros = tf.zeros((tf.shape(${input})[0], ${units}), dtype=${input}.dtype)`);
    initial = Array<string>(CELLS[kind].states).fill(`${prefix}_zeros`);
  }
  const seed = config.arg('seed').value;
  const seedText = seed.kind === 'number' ? `, seed=${seed.value}` : '';
  const dropout = config.number('dropout') ?? 0;
  const recurrentDropout = config.number('recurrent_dropout') ?? 0;
  if (dropout > 0 && dropout < 1)
    lines.push(
      `if ${run.training}:`,
      `    ${steps} = ${steps} * tf.nn.dropout(tf.ones_like(${steps}[0]), rate=${dropout}${seedText})`,
    );
  const mask = `${prefix}_recurrent_mask`;
  const masked = recurrentDropout > 0 && recurrentDropout < 1;
  if (masked)
    lines.push(
      `${mask} = tf.nn.dropout(tf.ones_like(${initial[0]}), rate=${recurrentDropout}${seedText}) if ${run.training} else None`,
    );
  lines.push(
    '',
    `def ${prefix}_step(state, x_t):`,
    masked ? `    h_in = state[0] if ${mask} is None else state[0] * ${mask}` : '    h_in = state[0]',
    ...indent(moduleCellLines(run, units), '    '),
    '',
    `${prefix}_sequence = tf.scan(${prefix}_step, ${steps}, initializer=(${initial.join(', ')}${initial.length === 1 ? ',' : ''}))`,
  );
  const output = config.bool('return_sequences')
    ? `tf.transpose(${prefix}_sequence[0], (1, 0, 2))`
    : `${prefix}_sequence[0][-1]`;
  const states = initial.map((_, index) => `${prefix}_sequence[${index}][-1]`);
  return { lines, output, states };
}

/** The cell step with the configuration's choices made (module mode). */
function moduleCellLines(run: RnnRun, units: Dim): string[] {
  const { config } = run;
  const twice = typeof units === 'number' ? String(2 * units) : `2 * ${units}`;
  const act = activationLowering(config.activation('activation') ?? 'tanh')!;
  const rec = activationLowering(
    run.kind === 'SimpleRNN' ? 'linear' : (config.activation('recurrent_activation') ?? 'sigmoid'),
  )!;
  const kernel = run.weight('kernel');
  const recurrent = run.weight('recurrent_kernel');
  const bias = config.bool('use_bias') !== false ? run.weight('bias') : undefined;
  if (run.kind === 'SimpleRNN')
    return [
      `z = tf.matmul(x_t, ${kernel})`,
      ...(bias ? [`z = z + ${bias}`] : []),
      `h = ${act.apply(`z + tf.matmul(h_in, ${recurrent})`)}`,
      'return (h,)',
    ];
  if (run.kind === 'LSTM')
    return [
      `z = tf.matmul(x_t, ${kernel}) + tf.matmul(h_in, ${recurrent})`,
      ...(bias ? [`z = tf.nn.bias_add(z, ${bias})`] : []),
      'z_i, z_f, z_c, z_o = tf.split(z, 4, axis=1)',
      `i = ${rec.apply('z_i')}`,
      `f = ${rec.apply('z_f')}`,
      `c = f * state[1] + i * ${act.apply('z_c')}`,
      `o = ${rec.apply('z_o')}`,
      `h = o * ${act.apply('c')}`,
      'return h, c',
    ];
  const resetAfter = config.bool('reset_after') !== false;
  const lines = [`matrix_x = tf.matmul(x_t, ${kernel})`];
  if (bias) lines.push(`matrix_x = matrix_x + ${bias}${resetAfter ? '[0]' : ''}`);
  lines.push('x_z, x_r, x_h = tf.split(matrix_x, 3, axis=1)');
  if (resetAfter) {
    lines.push(`matrix_inner = tf.matmul(h_in, ${recurrent})`);
    if (bias) lines.push(`matrix_inner = matrix_inner + ${bias}[1]`);
  } else lines.push(`matrix_inner = tf.matmul(h_in, ${recurrent}[:, :${twice}])`);
  lines.push(
    `z = ${rec.apply(`x_z + matrix_inner[:, :${units}]`)}`,
    `r = ${rec.apply(`x_r + matrix_inner[:, ${units}:${twice}]`)}`,
    resetAfter
      ? `hh = ${act.apply(`x_h + r * matrix_inner[:, ${twice}:]`)}`
      : `hh = ${act.apply(`x_h + tf.matmul(r * h_in, ${recurrent}[:, ${twice}:])`)}`,
    'h = z * state[0] + (1 - z) * hh',
    'return (h,)',
  );
  return lines;
}

/** Bidirectional's merge of `y` and the flipped-back `y_rev` (module mode); None keeps both. */
export function mergeLines(mode: string | null, y: string, yRev: string, outputVar: string): string {
  switch (mode) {
    case 'concat':
      return `${outputVar} = tf.concat([${y}, ${yRev}], axis=-1)`;
    case 'sum':
      return `${outputVar} = ${y} + ${yRev}`;
    case 'ave':
      return `${outputVar} = (${y} + ${yRev}) / 2`;
    case 'mul':
      return `${outputVar} = ${y} * ${yRev}`;
    default:
      return `${outputVar} = (${y}, ${yRev})`;
  }
}
