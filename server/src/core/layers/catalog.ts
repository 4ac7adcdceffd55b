// The rule catalog as data: the CLI's `rules --json`, the oracle's signature check and the README table.
import { supportedActivations } from './activationFunctions.ts';
import { BASE_LAYER_ARGS } from './config.ts';
import { RULES } from './registry.ts';
import { isLowerable } from './rule.ts';

export interface RuleDescription {
  /** Keras class names the rule handles. */
  classes: string[];
  family: string;
  /** False for rules that know shapes and parameters but have no lowering yet. */
  lowered: boolean;
  /** Every constructor argument the rule accounts for: translated, or accepted only at its default. */
  args: Array<{ name: string; handling: 'translated' | 'default-only'; why?: string }>;
}

export function ruleCatalog(): RuleDescription[] {
  return RULES.map((rule) => ({
    classes: rule.classes,
    family: rule.family,
    lowered: isLowerable(rule),
    // A rule that declares a base argument itself (Embedding's input_dim, an RNN's activity_regularizer) wins.
    args: [
      ...rule.args,
      ...BASE_LAYER_ARGS.filter((base) => !rule.args.some((arg) => arg.name === base.name)),
    ].map((spec) => ({ name: spec.name, handling: spec.support, ...(spec.why ? { why: spec.why } : {}) })),
  }));
}

/** Activation names the engine lowers exactly; any other name Keras accepts is refused with a reason. */
export function activationCatalog(): string[] {
  return supportedActivations();
}
