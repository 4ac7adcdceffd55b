// Learning rates: a constant, or a keras.optimizers.schedules object with constant arguments, evaluated at
// the optimizer's step counter as keras/src/optimizers/schedules/learning_rate_schedule.py does.
import { CallReader, pyFloat, type Arg } from './args.ts';
import type { Refusals } from './refusals.ts';

export type LearningRate =
  | { kind: 'constant'; value: number }
  | {
      kind: 'exponential' | 'inverse_time';
      initial: number;
      decaySteps: number;
      decayRate: number;
      staircase: boolean;
    }
  | { kind: 'piecewise'; boundaries: number[]; values: number[] };

const DECAY_SIGNATURE = ['initial_learning_rate', 'decay_steps', 'decay_rate', 'staircase', 'name'];

export function readLearningRate(arg: Arg | undefined, fallback: number, refusals: Refusals): LearningRate {
  if (!arg) return { kind: 'constant', value: fallback };
  const value = arg.value;
  if (value.kind === 'number') return { kind: 'constant', value: value.value };
  if (value.kind === 'kerasObject') {
    const name = value.path.replace(/^keras\.optimizers\.schedules\./, '');
    if (name === 'ExponentialDecay' || name === 'InverseTimeDecay') {
      const reader = new CallReader(`${name}()`, value.args, DECAY_SIGNATURE, refusals);
      return {
        kind: name === 'ExponentialDecay' ? 'exponential' : 'inverse_time',
        initial: reader.number('initial_learning_rate', 0.01),
        decaySteps: reader.number('decay_steps', 1),
        decayRate: reader.number('decay_rate', 1),
        staircase: reader.bool('staircase', false),
      };
    }
    if (name === 'PiecewiseConstantDecay') {
      const reader = new CallReader(`${name}()`, value.args, ['boundaries', 'values', 'name'], refusals);
      const boundaries = numbers(reader.get('boundaries'));
      const values = numbers(reader.get('values'));
      if (
        boundaries &&
        values &&
        values.length === boundaries.length + 1 &&
        boundaries.every(Number.isInteger)
      )
        return { kind: 'piecewise', boundaries, values };
      refusals.refuse(arg.node, `${name}: boundaries (ints) and values (one more) must be constant lists`);
      return { kind: 'constant', value: fallback };
    }
  }
  refusals.refuse(
    arg.node,
    `learning_rate \`${arg.valueNode.text}\` is not a constant or a schedule keras-lower lowers (ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay)`,
  );
  return { kind: 'constant', value: fallback };
}

function numbers(arg: Arg | undefined): number[] | undefined {
  if (arg?.value.kind !== 'sequence') return undefined;
  const items = arg.value.items.map((item) => (item.kind === 'number' ? item.value : undefined));
  return items.every((item) => item !== undefined) ? (items as number[]) : undefined;
}

/** `learning_rate()`: the rate at the current step, a float32 tensor like Keras's learning-rate variable. */
export function learningRateMethod(rate: LearningRate): string[] {
  const head = ['def learning_rate(self):'];
  switch (rate.kind) {
    case 'constant':
      return [
        ...head,
        '    """The learning rate (a constant)."""',
        `    return tf.constant(${pyFloat(rate.value)}, tf.float32)`,
      ];
    case 'exponential':
    case 'inverse_time':
      return [
        ...head,
        `    """keras.optimizers.schedules.${rate.kind === 'exponential' ? 'ExponentialDecay' : 'InverseTimeDecay'} at the optimizer's step."""`,
        `    p = tf.cast(self.optimizer_iterations, tf.float32) / tf.constant(${pyFloat(rate.decaySteps)}, tf.float32)`,
        ...(rate.staircase ? ['    p = tf.floor(p)'] : []),
        `    decay_rate = tf.constant(${pyFloat(rate.decayRate)}, tf.float32)`,
        rate.kind === 'exponential'
          ? `    return tf.constant(${pyFloat(rate.initial)}, tf.float32) * tf.pow(decay_rate, p)`
          : `    return tf.constant(${pyFloat(rate.initial)}, tf.float32) / (1.0 + decay_rate * p)`,
      ];
    case 'piecewise': {
      const { boundaries, values } = rate;
      const ranges = boundaries
        .slice(1)
        .map(
          (high, index) =>
            `    rate += tf.cast((step > ${boundaries[index]}) & (step <= ${high}), tf.float32) * ${pyFloat(values[index + 1]!)}`,
        );
      return [
        ...head,
        '    """keras.optimizers.schedules.PiecewiseConstantDecay at the optimizer\'s step."""',
        '    step = self.optimizer_iterations',
        `    rate = tf.cast(step <= ${boundaries[0]}, tf.float32) * ${pyFloat(values[0]!)}`,
        `    rate += tf.cast(step > ${boundaries[boundaries.length - 1]}, tf.float32) * ${pyFloat(values[values.length - 1]!)}`,
        ...ranges,
        '    return rate',
      ];
    }
  }
}

export function describeLearningRate(rate: LearningRate): string {
  if (rate.kind === 'constant') return `learning_rate=${rate.value}`;
  if (rate.kind === 'piecewise')
    return `PiecewiseConstantDecay(${JSON.stringify(rate.boundaries)}, ${JSON.stringify(rate.values)})`;
  return `${rate.kind === 'exponential' ? 'ExponentialDecay' : 'InverseTimeDecay'}(${rate.initial}, ${rate.decaySteps}, ${rate.decayRate}${rate.staircase ? ', staircase=True' : ''})`;
}
