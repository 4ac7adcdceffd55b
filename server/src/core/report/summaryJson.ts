import type { Analysis } from '../analysis.ts';
import type { SummaryJson } from '../types.ts';

/** The `summary --json` object of DESIGN.md: models and their rows, without engine-internal fields. */
export function toSummaryJson(analysis: Analysis): SummaryJson {
  return {
    models: analysis.models.map((model) => ({
      variable: model.variable,
      name: model.name,
      class: model.class,
      range: model.range,
      layers: model.layers.map(({ weights: _weights, ...row }) => row),
      totalParams: model.totalParams,
      trainableParams: model.trainableParams,
      nonTrainableParams: model.nonTrainableParams,
    })),
  };
}
