// Everything that keeps a layer from lowering exactly, each reason at the argument that causes it.
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';
import { activationRefusal } from './activationFunctions.ts';
import { initializerRefusal } from './weights.ts';
import { argumentRefusals, type LayerConfig } from './config.ts';
import { readRegularizer } from './regularizers.ts';
import type { LayerRule } from './rule.ts';

export function loweringRefusals(rule: LayerRule, config: LayerConfig): Reason[] {
  const reasons = argumentRefusals(config);
  for (const [name, arg] of config.values) {
    if (arg.spec.support !== 'translated') continue;
    const range = arg.node ? nodeRange(arg.node) : nodeRange(config.call);
    if (arg.spec.kind === 'activation') {
      const refusal = activationRefusal(config, name);
      if (refusal) reasons.push(refusal);
    } else if (arg.spec.kind === 'initializer') {
      const refusal = initializerRefusal(config, name);
      if (refusal) reasons.push(refusal);
    } else if (arg.spec.kind === 'regularizer') {
      const spec = readRegularizer(arg.value);
      if (typeof spec === 'string') reasons.push({ message: `\`${name}\`: ${spec}`, range });
    } else if (arg.spec.kind === 'string' && arg.spec.choices) {
      const value = config.string(name);
      if (value === undefined || !arg.spec.choices.includes(value.toLowerCase()))
        reasons.push({
          message: `\`${name}\` must be one of ${arg.spec.choices.map((c) => `"${c}"`).join(', ')}`,
          range,
        });
    } else if (arg.node && arg.value.kind === 'unknown') {
      reasons.push({
        message: `\`${name}\` is not a constant keras-lower can read: ${arg.value.reason}`,
        range,
      });
    }
  }
  reasons.push(...(rule.refusals?.(config) ?? []));
  return reasons;
}
