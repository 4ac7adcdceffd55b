// What every layer rule declares. One module per Keras layer family implements this, all alike.
import type { Reason, Shape } from '../types.ts';
import type { ArgSpec, LayerConfig } from './config.ts';

export interface WeightSpec {
  name: string;
  shape: Shape;
  initializer: InitializerSpec;
  trainable: boolean;
}

/** Kernel axes whose sizes multiply into VarianceScaling's fan_in and fan_out (EinsumDense's, or given). */
export interface FanAxes {
  input: number[];
  output: number[];
}

/** VarianceScaling's presets, by their Keras names. */
export type VarianceScalingPreset =
  'glorot_uniform' | 'glorot_normal' | 'he_uniform' | 'he_normal' | 'lecun_uniform' | 'lecun_normal';

/** An integer seed makes Keras draw statelessly with seed `[seed, 0]`; without one, draws are fresh. */
interface Seeded {
  seed?: number;
}

/** An initializer as Keras resolves it, with every argument that changes its draws. */
export type InitializerSpec =
  | ({ kind: VarianceScalingPreset; axes?: FanAxes } & Seeded)
  | ({
      kind: 'variance_scaling';
      scale: number;
      mode: 'fan_in' | 'fan_out' | 'fan_avg';
      distribution: 'uniform' | 'truncated_normal' | 'untruncated_normal';
      axes?: FanAxes;
    } & Seeded)
  | ({ kind: 'random_uniform'; minval: number; maxval: number } & Seeded)
  | ({ kind: 'random_normal' | 'truncated_normal'; mean: number; stddev: number } & Seeded)
  | ({ kind: 'orthogonal'; gain?: number } & Seeded)
  | { kind: 'identity'; gain: number }
  | { kind: 'constant'; value: number }
  | { kind: 'zeros' | 'ones' }
  /** LSTM's `unit_forget_bias`: zeros with ones for the forget gate's block. */
  | { kind: 'lstm_bias'; units: number };

export type ShapeResult =
  { ok: true; shape: Shape } | { ok: false; message: string; kind: 'error' | 'unknown' };

/** What a rule knows while it writes TensorFlow for one layer call. */
export interface OpsContext {
  config: LayerConfig;
  input: Shape;
  output: Shape;
  /** Python expression of the (first) input tensor, e.g. `x`. */
  inputExpr: string;
  /** Every input's expression and shape, in call order (merge and attention layers read them all). */
  inputExprs: string[];
  inputs: Shape[];
  /** Name to assign the result to. */
  outputVar: string;
  /** Python expression of a weight by its Keras name, e.g. `self.dense_kernel`. */
  weight(name: string): string;
  /** Expression for the `training` flag in scope. */
  training: string;
}

export interface LayerClassTemplate {
  /** Name of the generated explicit-ops layer class, e.g. `TfDense`. */
  name: string;
  /** The whole class definition (layer mode), using only `tf.*`, `keras.layers.Layer` and `add_weight`. */
  source: string;
  /** Keyword arguments of the generated class in Keras's positional order (for positional call sites). */
  parameters: string[];
}

export interface LayerRule {
  /** Keras class names this rule handles. */
  classes: string[];
  family: string;
  /** Every constructor argument (besides the base Layer's), with Keras's default and how it is handled. */
  args: ArgSpec[];
  /** `input` is the first input; merge layers read all of them from `inputs`. */
  outputShape(input: Shape, config: LayerConfig, inputs: Shape[]): ShapeResult;
  /** Merge layers and operations take a list of tensors. */
  takesList?: boolean;
  /** Layers Keras creates inside this one when it is first built, auto-named from the shared counters. */
  namesTakenOnBuild?: string[];
  /** Weights in Keras's creation order; `inputs` are all input shapes (attention reads key and value). */
  weights(input: Shape, config: LayerConfig, inputs?: Shape[]): WeightSpec[];
  /** The layer as TensorFlow statements, one per line (hover and module mode). Absent: shapes only. */
  ops?(context: OpsContext): string[];
  /** Layer mode: the generated class, and how each call-site argument is rewritten. Absent: shapes only. */
  layerClass?: LayerClassTemplate;
  /** Reasons the lowering cannot be exact for this configuration beyond per-argument support. */
  refusals?(config: LayerConfig): Reason[];
  /** Set when the lowering is correct in inference but can differ in training (an unsafe fix). */
  differs?(config: LayerConfig): string | undefined;
  /** Notes for hover: defaults that matter, training-only behaviour. */
  caveats(config: LayerConfig): string[];
}

export type LowerableRule = LayerRule & Required<Pick<LayerRule, 'ops' | 'layerClass'>>;

export function isLowerable(rule: LayerRule | undefined): rule is LowerableRule {
  return rule?.ops !== undefined && rule.layerClass !== undefined;
}

/** A rule that knows shapes and parameters but has no lowering yet (the catalog issue adds them). */
export function shapeOnlyRule(
  rule: Pick<LayerRule, 'classes' | 'family' | 'args' | 'outputShape'> &
    Partial<Pick<LayerRule, 'weights' | 'takesList' | 'namesTakenOnBuild'>>,
): LayerRule {
  return { weights: () => [], caveats: () => [], ...rule };
}
