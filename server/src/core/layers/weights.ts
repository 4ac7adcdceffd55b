import { initializerSpec } from './common.ts';
import type { LayerConfig } from './config.ts';
import type { InitializerSpec } from './rule.ts';

/** The initializer an argument names. Unreadable ones are refused by validation before any lowering uses this. */
export function initializerOf(config: LayerConfig, argument: string): InitializerSpec {
  return initializerSpec(config.string(argument)) ?? { kind: 'zeros' };
}

export function describeInitializer(spec: InitializerSpec): string {
  return spec.kind === 'lstm_bias' ? 'zeros, ones for the forget gate (unit_forget_bias)' : spec.kind;
}
