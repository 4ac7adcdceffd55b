// compile(optimizer=...): SGD, Adam, AdamW, RMSprop and Adagrad with Keras 3's defaults, their slot
// variables and update rules (keras/src/optimizers/*.py), after BaseOptimizer.apply's gradient clipping and
// decoupled weight decay (keras/src/optimizers/base_optimizer.py, backend/tensorflow/optimizer.py).
import type { Value } from '../model/values.ts';
import { CallReader, isNone, pyFloat, type Arg } from './args.ts';
import type { Refusals } from './refusals.ts';
import {
  describeLearningRate,
  learningRateMethod,
  readLearningRate,
  type LearningRate,
} from './schedules.ts';

type OptimizerName = 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad';

const BASE_ARGS = [
  'clipnorm',
  'clipvalue',
  'global_clipnorm',
  'use_ema',
  'ema_momentum',
  'ema_overwrite_frequency',
  'loss_scale_factor',
  'gradient_accumulation_steps',
  'name',
];

/** Each optimizer's own arguments in Keras's positional order, and their defaults. */
const OPTIMIZERS: Record<OptimizerName, { args: Array<[string, number | boolean | null]> }> = {
  SGD: {
    args: [
      ['learning_rate', 0.01],
      ['momentum', 0],
      ['nesterov', false],
      ['weight_decay', null],
    ],
  },
  Adam: {
    args: [
      ['learning_rate', 0.001],
      ['beta_1', 0.9],
      ['beta_2', 0.999],
      ['epsilon', 1e-7],
      ['amsgrad', false],
      ['weight_decay', null],
    ],
  },
  AdamW: {
    args: [
      ['learning_rate', 0.001],
      ['weight_decay', 0.004],
      ['beta_1', 0.9],
      ['beta_2', 0.999],
      ['epsilon', 1e-7],
      ['amsgrad', false],
    ],
  },
  RMSprop: {
    args: [
      ['learning_rate', 0.001],
      ['rho', 0.9],
      ['momentum', 0],
      ['epsilon', 1e-7],
      ['centered', false],
      ['weight_decay', null],
    ],
  },
  Adagrad: {
    args: [
      ['learning_rate', 0.001],
      ['initial_accumulator_value', 0.1],
      ['epsilon', 1e-7],
      ['weight_decay', null],
    ],
  },
};

export interface OptimizerSpec {
  name: OptimizerName;
  learningRate: LearningRate;
  /** The optimizer's own numeric and boolean hyper-parameters (beta_1, momentum, amsgrad, ...). */
  params: Record<string, number | boolean>;
  weightDecay: number | null;
  clip: { kind: 'norm' | 'global_norm' | 'value'; value: number } | null;
  source: string;
}

export function readOptimizer(arg: Arg | undefined, refusals: Refusals): OptimizerSpec | undefined {
  // compile()'s default optimizer is "rmsprop".
  if (!arg) return specFrom('RMSprop', undefined, 'rmsprop (compile default)', refusals);
  const value = arg.value;
  if (value.kind === 'string') {
    const name = optimizerName(value.value);
    if (name) return specFrom(name, undefined, JSON.stringify(value.value), refusals);
  }
  if (value.kind === 'kerasObject' && value.path.startsWith('keras.optimizers.')) {
    const name = optimizerName(value.path.slice('keras.optimizers.'.length));
    if (name) return specFrom(name, value, arg.valueNode.text, refusals);
  }
  return refusals.refuse(
    arg.node,
    `optimizer \`${arg.valueNode.text}\` is not lowered (lowered: ${Object.keys(OPTIMIZERS).join(', ')})`,
  );
}

function optimizerName(name: string): OptimizerName | undefined {
  return (Object.keys(OPTIMIZERS) as OptimizerName[]).find(
    (known) => known.toLowerCase() === name.toLowerCase(),
  );
}

function specFrom(
  name: OptimizerName,
  object: Extract<Value, { kind: 'kerasObject' }> | undefined,
  source: string,
  refusals: Refusals,
): OptimizerSpec {
  const own = OPTIMIZERS[name].args;
  const signature = [...own.map(([arg]) => arg), ...BASE_ARGS];
  const reader = new CallReader(
    `${name}()`,
    object?.args ?? { positional: [], keywords: new Map() },
    signature,
    refusals,
  );
  const params: Record<string, number | boolean> = {};
  for (const [arg, fallback] of own) {
    if (arg === 'learning_rate' || arg === 'weight_decay') continue;
    params[arg] =
      typeof fallback === 'boolean' ? reader.bool(arg, fallback) : reader.number(arg, fallback as number);
  }
  const decayDefault = own.find(([arg]) => arg === 'weight_decay')![1] as number | null;
  const clips = (['clipnorm', 'global_clipnorm', 'clipvalue'] as const)
    .map((arg) => [arg, reader.number(arg, null)] as const)
    .filter(([, value]) => value !== null && value > 0);
  reader.requireDefault(
    'use_ema',
    (v) => v.kind === 'bool' && !v.value,
    'the moving average of weights is not lowered',
  );
  reader.requireDefault('loss_scale_factor', isNone, 'loss scaling is not lowered');
  reader.requireDefault('gradient_accumulation_steps', isNone, 'gradient accumulation is not lowered');
  return {
    name,
    learningRate: readLearningRate(reader.get('learning_rate'), own[0]![1] as number, refusals),
    params,
    weightDecay: reader.number('weight_decay', decayDefault),
    clip: clips[0]
      ? {
          kind: ({ clipnorm: 'norm', global_clipnorm: 'global_norm', clipvalue: 'value' } as const)[
            clips[0][0]
          ],
          value: clips[0][1]!,
        }
      : null,
    source,
  };
}

/** One line for the class docstring area: what the optimizer is, with every value it uses. */
export function describeOptimizer(spec: OptimizerSpec): string {
  const params = Object.entries(spec.params).map(
    ([key, value]) => `${key}=${typeof value === 'boolean' ? (value ? 'True' : 'False') : value}`,
  );
  const extras = [
    describeLearningRate(spec.learningRate),
    ...params,
    ...(spec.weightDecay !== null ? [`weight_decay=${spec.weightDecay}`] : []),
    ...(spec.clip
      ? [
          `${{ norm: 'clipnorm', global_norm: 'global_clipnorm', value: 'clipvalue' }[spec.clip.kind]}=${spec.clip.value}`,
        ]
      : []),
  ];
  return `${spec.name}(${extras.join(', ')})`;
}

/** The slot variables each optimizer keeps per weight, as attribute names and initial values. */
function slots(spec: OptimizerSpec): Array<{ attribute: string; initial: string }> {
  const zeros = 'tf.zeros_like(v)';
  switch (spec.name) {
    case 'SGD':
      return spec.params.momentum !== 0 ? [{ attribute: 'optimizer_momentums', initial: zeros }] : [];
    case 'Adam':
    case 'AdamW':
      return [
        { attribute: 'optimizer_momentums', initial: zeros },
        { attribute: 'optimizer_velocities', initial: zeros },
        ...(spec.params.amsgrad ? [{ attribute: 'optimizer_velocity_hats', initial: zeros }] : []),
      ];
    case 'RMSprop':
      return [
        { attribute: 'optimizer_velocities', initial: zeros },
        ...((spec.params.momentum as number) > 0
          ? [{ attribute: 'optimizer_momentums', initial: zeros }]
          : []),
        ...(spec.params.centered ? [{ attribute: 'optimizer_average_gradients', initial: zeros }] : []),
      ];
    case 'Adagrad':
      return [
        {
          attribute: 'optimizer_accumulators',
          initial: `tf.fill(v.shape, tf.constant(${pyFloat(spec.params.initial_accumulator_value as number)}, v.dtype))`,
        },
      ];
  }
}

/** `_build_optimizer()`: the step counter and slot variables, created once as Keras's optimizer.build() does. */
export function buildOptimizerLines(spec: OptimizerSpec): string[] {
  return [
    'self.optimizer_iterations = tf.Variable(0, dtype=tf.int64, trainable=False, name="iterations")',
    ...slots(spec).map(
      ({ attribute, initial }) =>
        `self.${attribute} = [tf.Variable(${initial}, trainable=False) for v in self.training_variables()]`,
    ),
  ];
}

/** `learning_rate()` and `apply_gradients(gradients, variables)`: class-body lines. */
export function optimizerMethods(spec: OptimizerSpec): string[] {
  return [
    ...learningRateMethod(spec.learningRate),
    '',
    'def apply_gradients(self, gradients, variables):',
    `    """${spec.name}'s step (keras/src/optimizers/${spec.name.toLowerCase()}.py), after clipping and weight decay as Keras orders them."""`,
    '    learning_rate = self.learning_rate()',
    ...clipLines(spec).map((line) => `    ${line}`),
    ...(spec.weightDecay !== null
      ? [
          `    # Decoupled weight decay, before the update: variable -= variable * weight_decay * learning_rate.`,
          '    for variable in variables:',
          `        variable.assign_sub(variable * tf.constant(${pyFloat(spec.weightDecay)}, variable.dtype) * learning_rate)`,
        ]
      : []),
    ...updateLines(spec).map((line) => `    ${line}`),
    '    self.optimizer_iterations.assign_add(1)',
  ];
}

function clipLines(spec: OptimizerSpec): string[] {
  if (!spec.clip) return [];
  const c = pyFloat(spec.clip.value);
  switch (spec.clip.kind) {
    case 'norm':
      return [`gradients = [tf.clip_by_norm(g, ${c}) for g in gradients]  # clipnorm, per gradient`];
    case 'value':
      return [`gradients = [tf.clip_by_value(g, -${c}, ${c}) for g in gradients]  # clipvalue`];
    case 'global_norm':
      return [
        '# global_clipnorm; a non-finite norm makes every gradient NaN, as in Keras.',
        'norm = tf.sqrt(tf.reduce_sum(tf.stack([tf.reduce_sum(tf.square(g)) for g in gradients])))',
        `scale = ${c} * tf.minimum(1.0 / norm, 1.0 / ${c}) + (norm - norm)`,
        'gradients = [g * scale for g in gradients]',
      ];
  }
}

function updateLines(spec: OptimizerSpec): string[] {
  const p = spec.params;
  const f = (name: string): string => pyFloat(p[name] as number);
  switch (spec.name) {
    case 'SGD':
      if (p.momentum === 0)
        return [
          'for variable, gradient in zip(variables, gradients):',
          '    variable.assign_sub(gradient * learning_rate)',
        ];
      return [
        `momentum = tf.constant(${f('momentum')}, tf.float32)`,
        'for variable, gradient, m in zip(variables, gradients, self.optimizer_momentums):',
        '    m.assign(m * momentum - gradient * learning_rate)',
        p.nesterov
          ? '    variable.assign_add(m * momentum - gradient * learning_rate)  # nesterov'
          : '    variable.assign_add(m)',
      ];
    case 'Adam':
    case 'AdamW':
      return [
        'local_step = tf.cast(self.optimizer_iterations + 1, tf.float32)',
        `beta_1_power = tf.pow(tf.constant(${f('beta_1')}, tf.float32), local_step)`,
        `beta_2_power = tf.pow(tf.constant(${f('beta_2')}, tf.float32), local_step)`,
        'alpha = learning_rate * tf.sqrt(1 - beta_2_power) / (1 - beta_1_power)',
        `for ${p.amsgrad ? 'variable, gradient, m, v, v_hat' : 'variable, gradient, m, v'} in zip(`,
        `    variables, gradients, self.optimizer_momentums, self.optimizer_velocities${p.amsgrad ? ', self.optimizer_velocity_hats' : ''}`,
        '):',
        `    m.assign_add((gradient - m) * (1 - ${f('beta_1')}))`,
        `    v.assign_add((tf.square(gradient) - v) * (1 - ${f('beta_2')}))`,
        ...(p.amsgrad ? ['    v_hat.assign(tf.maximum(v_hat, v))', '    v = v_hat'] : []),
        `    variable.assign_sub((m * alpha) / (tf.sqrt(v) + ${f('epsilon')}))`,
      ];
    case 'RMSprop': {
      const momentum = (p.momentum as number) > 0;
      const names = [
        'variable',
        'gradient',
        'velocity',
        ...(momentum ? ['m'] : []),
        ...(p.centered ? ['average_gradient'] : []),
      ];
      const lists = [
        'variables',
        'gradients',
        'self.optimizer_velocities',
        ...(momentum ? ['self.optimizer_momentums'] : []),
        ...(p.centered ? ['self.optimizer_average_gradients'] : []),
      ];
      return [
        `for ${names.join(', ')} in zip(${lists.join(', ')}):`,
        `    velocity.assign(${f('rho')} * velocity + (1 - ${f('rho')}) * tf.square(gradient))`,
        ...(p.centered
          ? [
              `    average_gradient.assign(${f('rho')} * average_gradient + (1 - ${f('rho')}) * gradient)`,
              `    denominator = velocity - tf.square(average_gradient) + ${f('epsilon')}`,
            ]
          : [`    denominator = velocity + ${f('epsilon')}`]),
        '    increment = (learning_rate * gradient) / tf.sqrt(denominator)',
        ...(momentum
          ? [`    m.assign(${f('momentum')} * m + increment)`, '    variable.assign_sub(m)']
          : ['    variable.assign_sub(increment)']),
      ];
    }
    case 'Adagrad':
      return [
        'for variable, gradient, accumulator in zip(variables, gradients, self.optimizer_accumulators):',
        '    accumulator.assign_add(tf.square(gradient))',
        `    variable.assign_sub((learning_rate * gradient) / tf.sqrt(accumulator + ${f('epsilon')}))`,
      ];
  }
}
