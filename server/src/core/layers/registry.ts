// Every layer rule, by Keras class name.
import { ACTIVATION_SHAPE_RULES, activationRule } from './activations.ts';
import { ATTENTION_RULES } from './attention.ts';
import { CONV_SHAPE_RULES } from './convShapes.ts';
import { EINSUM_DENSE_RULES } from './einsumDense.ts';
import { EMBEDDING_RULES } from './embedding.ts';
import { MERGING_RULES } from './merging.ts';
import {
  batchNormalizationRule,
  groupNormalizationRule,
  layerNormalizationRule,
  unitNormalizationRule,
} from './normalization.ts';
import { POOLING_SHAPE_RULES } from './poolingShapes.ts';
import { CLASS_ALIASES, PREPROCESSING_RULES } from './preprocessing.ts';
import { RECURRENT_SHAPE_RULES } from './recurrentShapes.ts';
import { RESHAPING_SHAPE_RULES } from './reshapingShapes.ts';
import { conv2dRule } from './conv.ts';
import { denseRule } from './dense.ts';
import { maxPooling2dRule } from './pooling.ts';
import { lstmRule } from './recurrent.ts';
import { dropoutRule, REGULARIZATION_SHAPE_RULES } from './regularization.ts';
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
  ...CONV_SHAPE_RULES,
  ...POOLING_SHAPE_RULES,
  ...RESHAPING_SHAPE_RULES,
  batchNormalizationRule,
  layerNormalizationRule,
  groupNormalizationRule,
  unitNormalizationRule,
  ...MERGING_RULES,
  ...EMBEDDING_RULES,
  ...RECURRENT_SHAPE_RULES,
  ...ATTENTION_RULES,
  ...ACTIVATION_SHAPE_RULES,
  ...REGULARIZATION_SHAPE_RULES,
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
