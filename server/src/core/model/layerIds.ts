// Layer ids (`model/dense`) name one construction site. Two models bound to one variable in turn can hold
// layers of one name (`name="z"` reused after `encoder` is rebound): those ids also carry the constructor's
// line and column, so an action on one never rewrites the other.
import type { LayerNode, ModelNode } from './graph.ts';

const assigned = new WeakMap<ModelNode, Map<LayerNode, string>>();

export function layerId(model: ModelNode, layer: LayerNode): string {
  return assigned.get(model)?.get(layer) ?? baseId(model, layer);
}

/** Gives every layer row of these models an id unique among them. */
export function assignLayerIds(models: ModelNode[]): void {
  const rows = models.flatMap((model) =>
    [...model.inputLayers, ...model.layers].map((layer) => ({ model, layer, id: baseId(model, layer) })),
  );
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.id, (counts.get(row.id) ?? 0) + 1);
  for (const { model, layer, id } of rows) {
    const { row, column } = layer.call.startPosition;
    const unique = (counts.get(id) ?? 0) > 1 ? `${id}@${row + 1}:${column + 1}` : id;
    let ids = assigned.get(model);
    if (!ids) assigned.set(model, (ids = new Map()));
    ids.set(layer, unique);
  }
}

function baseId(model: ModelNode, layer: LayerNode): string {
  return `${model.variable ?? model.name}/${layer.name}`;
}
