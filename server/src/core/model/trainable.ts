// `layer.trainable = False` and `model.trainable = True` after construction, as Keras's setter does: the flag
// goes to the object and down to every sublayer and nested model (and their variables). A model's summary
// counts all its weights non-trainable while the model itself is frozen, else by each variable's flag.
// Frozen layers are not lowered yet: a layer frozen this way is refused, with the statement that froze it.
import type { Node } from 'web-tree-sitter';
import { nodeRange } from '../parse/ranges.ts';
import type { LayerNode, ModelNode } from './graph.ts';
import type { Value } from './values.ts';

/** `owner.trainable = value`: true when the owner is a layer or model whose flag this sets. */
export function setTrainable(owner: Value, value: Value, statement: Node): boolean {
  const flag = value.kind === 'bool' ? value.value : value.kind === 'number' ? value.value !== 0 : null;
  if (owner.kind === 'layer') setOnLayer(owner.layer, flag, statement, 0);
  else if (owner.kind === 'model' || (owner.kind === 'userObject' && owner.model))
    setOnModel(owner.kind === 'model' ? owner.model : owner.model!, flag, statement, 0);
  else return false;
  return true;
}

function setOnModel(model: ModelNode, flag: boolean | null, statement: Node, depth: number): void {
  if (depth > 64) return;
  model.trainable = flag;
  for (const layer of [...model.inputLayers, ...model.layers]) setOnLayer(layer, flag, statement, depth + 1);
}

function setOnLayer(layer: LayerNode, flag: boolean | null, statement: Node, depth: number): void {
  if (layer.nestedModel) {
    setOnModel(layer.nestedModel, flag, statement, depth + 1);
    return;
  }
  layer.trainable = flag;
  if (flag === true || layer.className === 'InputLayer' || layer.operation) return;
  const message =
    flag === false
      ? `frozen by \`${statement.text.length <= 60 ? statement.text : 'trainable = False'}\` (line ${statement.startPosition.row + 1}): frozen layers are not lowered yet`
      : `its \`trainable\` flag is set to a value keras-lower cannot read (line ${statement.startPosition.row + 1})`;
  if (!layer.reasons.some((reason) => reason.message === message))
    layer.reasons.push({ message, range: nodeRange(statement) });
}

/** Whether a layer's own variables are trainable: its last `trainable =`, else its constructor's `trainable=`
 * (null when that argument holds a value keras-lower did not compute: the counts are then unknown). */
export function layerTrainable(layer: LayerNode): boolean | null {
  if (layer.trainable !== undefined) return layer.trainable;
  const given = layer.config.values.get('trainable');
  if (!given?.node) return true;
  return given.value.kind === 'bool' ? given.value.value : null;
}
