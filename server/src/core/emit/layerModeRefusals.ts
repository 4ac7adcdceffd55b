// Layer mode's own limits, beyond a layer's status: what the generated classes cannot carry.
import { regularizersOf } from '../layers/regularizers.ts';
import type { LayerNode } from '../model/graph.ts';
import type { Reason } from '../types.ts';

/** What only layer mode cannot carry: the generated classes take no regularizers (module mode adds them to the loss). */
export function layerModeRefusals(layer: LayerNode): Reason[] {
  const wrapped = [...layer.config.values.values()].flatMap((arg) =>
    arg.value.kind === 'layer' ? [...regularizersOf(arg.value.layer.config).keys()] : [],
  );
  return [...regularizersOf(layer.config).keys(), ...wrapped].map((name) => ({
    message: `layer mode does not carry \`${name}\` yet; the model's module-mode lowering adds its penalty to the training loss`,
    range: layer.config.rangeOf(name),
  }));
}
