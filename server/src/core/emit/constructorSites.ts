// Layer mode rewrites source text, not layer objects: one constructor call built in a loop or in a helper
// called twice makes several layers, and the text can hold only one rewrite of it. Here the requested layers
// are grouped by constructor call; a call is rewritten only when every layer it builds can be, identically.
import type { Analysis } from '../analysis.ts';
import type { LayerNode } from '../model/graph.ts';
import { nodeRange } from '../parse/ranges.ts';
import type { Reason } from '../types.ts';
import { layerModeCall } from './layerMode.ts';

export interface SiteSelection {
  /** One layer per constructor call to rewrite, in the order first requested. */
  representatives: LayerNode[];
  /** Requested layers whose constructor call cannot be rewritten, with why. */
  refused: { layer: LayerNode; reasons: Reason[] }[];
}

/**
 * Groups `requested` by constructor call. `accepts` says whether a layer may be rewritten on its own (its
 * status and layer-mode limits); a call is kept when every layer it builds in the file is accepted and all of
 * them rewrite to the same text (an argument evaluated differently per loop iteration would not).
 */
export function selectConstructorSites(
  analysis: Analysis,
  requested: LayerNode[],
  accepts: (layer: LayerNode) => Reason[],
): SiteSelection {
  const selection: SiteSelection = { representatives: [], refused: [] };
  // Keys computed once per layer: a file with thousands of layers would otherwise be quadratic in tree-sitter
  // position reads.
  const instancesBySite = groupBy(analysis.layers, (layer) => `${siteKey(layer)}/${layer.className}`);
  const requestedBySite = groupBy(requested, siteKey);
  for (const [key, group] of requestedBySite) {
    const layer = group[0]!;
    // The same class: an implicit InputLayer (`input_shape=`) shares its layer's constructor call.
    const instances = instancesBySite.get(`${key}/${layer.className}`) ?? [layer];
    const reasons = siteReasons(layer, instances, accepts);
    if (reasons.length === 0) selection.representatives.push(layer);
    else for (const instance of group) selection.refused.push({ layer: instance, reasons });
  }
  return selection;
}

/** Items grouped by key, keys in order of first appearance. */
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function siteReasons(
  layer: LayerNode,
  instances: LayerNode[],
  accepts: (layer: LayerNode) => Reason[],
): Reason[] {
  for (const instance of instances) {
    const reasons = accepts(instance);
    if (reasons.length === 0) continue;
    if (instance === layer) return reasons;
    return reasons.map((reason) => ({
      ...reason,
      message: `this call also builds ${instance.name}, which cannot be lowered: ${reason.message}`,
    }));
  }
  const texts = new Set(instances.map(layerModeCall));
  if (texts.size > 1)
    return [
      {
        message: `this call builds ${instances.length} layers (${instances.map((i) => i.name).join(', ')}) whose lowered arguments differ, so one rewrite of it cannot stand for all of them`,
        range: nodeRange(layer.call),
      },
    ];
  return [];
}

function siteKey(layer: LayerNode): string {
  return `${layer.call.startIndex}:${layer.call.endIndex}`;
}
