import type { Analysis } from '../analysis.ts';
import type { LayerInfo, SummaryJson } from '../types.ts';

/** The `summary --json` object of DESIGN.md: models and their rows, without engine-internal fields. */
export function toSummaryJson(analysis: Analysis): SummaryJson {
  return {
    models: analysis.models.map((model) => ({
      variable: model.variable,
      name: model.name,
      class: model.class,
      range: model.range,
      layers: model.layers.map((layer) => summaryRow(layer)),
      totalParams: model.totalParams,
      trainableParams: model.trainableParams,
      nonTrainableParams: model.nonTrainableParams,
      ...(model.stale === undefined ? {} : { stale: model.stale }),
    })),
  };
}

function summaryRow(layer: LayerInfo): SummaryJson['models'][number]['layers'][number] {
  const { id, name, class: className, outputShape, params, connectedTo, range, status, reasons } = layer;
  return { id, name, class: className, outputShape, params, connectedTo, range, status, reasons };
}
