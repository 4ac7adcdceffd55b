// Every layer rule, by Keras class name.
import { activationRule } from './activations.ts';
import { conv2dRule } from './conv.ts';
import { denseRule } from './dense.ts';
import { maxPooling2dRule } from './pooling.ts';
import { lstmRule } from './recurrent.ts';
import { dropoutRule } from './regularization.ts';
import { flattenRule } from './reshaping.ts';
import type { LayerRule } from './rule.ts';

export const RULES: LayerRule[] = [
  denseRule,
  conv2dRule,
  maxPooling2dRule,
  flattenRule,
  dropoutRule,
  lstmRule,
  activationRule,
];

const BY_CLASS = new Map(RULES.flatMap((rule) => rule.classes.map((name) => [name, rule] as const)));

export function ruleFor(className: string): LayerRule | undefined {
  return BY_CLASS.get(className);
}
