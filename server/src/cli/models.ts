// Picking the models and layers a CLI command is about.
import type { Analysis, LayerInfo, ModelInfo } from '../core/index.ts';
import { CliError, ExitCode, usageError } from './errors.ts';

/**
 * The model `variable` names, or every model in the file; fails when there is none. A name several models
 * are bound to in turn names the first; `name#k` the k-th.
 */
export function selectModels(analysis: Analysis, file: string, variable?: string): ModelInfo[] {
  if (analysis.models.length === 0) throw new CliError(ExitCode.noModel, `${file}: no Keras model found`);
  if (variable === undefined) return analysis.models;
  const model = analysis.models.find((candidate) => (candidate.key ?? candidate.variable) === variable);
  if (!model) {
    const found = analysis.models.map((candidate) => candidate.key ?? candidate.variable).join(', ');
    throw new CliError(ExitCode.noModel, `${file}: no model bound to "${variable}" (models: ${found})`);
  }
  return [model];
}

/** The layer Keras names `name` in the given models; it must be in exactly one of them. */
export function selectLayer(models: ModelInfo[], file: string, name: string): LayerInfo {
  const matches = models.flatMap((model) => model.layers.filter((layer) => layer.name === name));
  if (matches.length === 0) throw new CliError(ExitCode.noModel, `${file}: no layer named "${name}"`);
  if (matches.length > 1)
    throw usageError(`${file}: several models have a layer "${name}"; choose one with --model`);
  return matches[0]!;
}
