// Every layer rule, by Keras class name: one `*_RULES` list per layer-family module.
import { ACTIVATION_RULES } from './activations.ts';
import { ATTENTION_RULES } from './attention.ts';
import { CONV_RULES } from './conv.ts';
import { DENSE_RULES } from './dense.ts';
import { EINSUM_DENSE_RULES } from './einsumDense.ts';
import { EMBEDDING_RULES } from './embedding.ts';
import { MERGING_RULES } from './merging.ts';
import { NORMALIZATION_RULES } from './normalization.ts';
import { POOLING_RULES } from './pooling.ts';
import { CLASS_ALIASES, PREPROCESSING_RULES } from './preprocessing.ts';
import { RECURRENT_RULES } from './recurrent.ts';
import { REGULARIZATION_RULES } from './regularization.ts';
import { RESHAPING_RULES } from './reshaping.ts';
import type { LayerRule } from './rule.ts';

export const RULES: LayerRule[] = [
  ...DENSE_RULES,
  ...CONV_RULES,
  ...POOLING_RULES,
  ...RESHAPING_RULES,
  ...REGULARIZATION_RULES,
  ...RECURRENT_RULES,
  ...ACTIVATION_RULES,
  ...NORMALIZATION_RULES,
  ...MERGING_RULES,
  ...EMBEDDING_RULES,
  ...ATTENTION_RULES,
  ...PREPROCESSING_RULES,
  ...EINSUM_DENSE_RULES,
];

const BY_CLASS = new Map(RULES.flatMap((rule) => rule.classes.map((name) => [name, rule] as const)));

export function ruleFor(className: string): LayerRule | undefined {
  return BY_CLASS.get(canonicalClassName(className));
}

/** `MaxPool2D` is `MaxPooling2D`: Keras names (and counts) the layer by its real class. */
export function canonicalClassName(className: string): string {
  return CLASS_ALIASES[className] ?? className;
}
