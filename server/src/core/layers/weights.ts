import { initializerSpec } from './common.ts';
import type { LayerConfig } from './config.ts';
import type { LayerNode } from '../model/graph.ts';
import type { InitializerSpec, WeightSpec } from './rule.ts';

/** The initializer an argument names. Unreadable ones are refused by validation before any lowering uses this. */
export function initializerOf(config: LayerConfig, argument: string): InitializerSpec {
  return initializerSpec(config.string(argument)) ?? { kind: 'zeros' };
}

export function describeInitializer(spec: InitializerSpec): string {
  return spec.kind === 'lstm_bias' ? 'zeros, ones for the forget gate (unit_forget_bias)' : spec.kind;
}

/** A layer's weights for the inputs of its first call (attention layers read key and value shapes). */
export function weightsOf(layer: LayerNode): WeightSpec[] {
  if (!layer.rule || !layer.inputShape) return [];
  const inputs = layer.calls[0]?.inputs.map((input) => input.shape ?? []) ?? [layer.inputShape];
  return layer.rule.weights(layer.inputShape, layer.config, inputs);
}
