// What can be lowered where (code actions, CLI targets) and the edits for each request.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { isUserLayer, layerId, layerStatus } from '../analysis.ts';
import type { LayerNode, ModelNode } from '../model/graph.ts';
import { isLowerable } from '../layers/rule.ts';
import { weightsOf } from '../layers/weights.ts';
import { containsPosition, nodeRange } from '../parse/ranges.ts';
import type { LowerMode, LowerTarget, LoweringOffer, LoweringResult, Range, Reason } from '../types.ts';
import { layerModeEdits } from './layerMode.ts';
import { layerModeRefusals } from './layerModeRefusals.ts';
import { selectConstructorSites } from './constructorSites.ts';
import { guardedResult } from './editGuard.ts';
import { moduleModeEdits, moduleSource, standaloneModule } from './moduleMode.ts';
import { classDefinition, userClassLowering } from './userLayers.ts';

const PREFIX = 'Lower to tf.nn';

/** The lowerings offered at `range`: the layer under it, its model, and the whole file. */
export function loweringOffers(analysis: Analysis, range: Range): LoweringOffer[] {
  const offers: LoweringOffer[] = [];
  for (const model of analysis.modelNodes) {
    // A loaded model's layers are its saved model's: offered there, once.
    if (model.loadedFrom) continue;
    for (const layer of model.layers) {
      // Operations stay keras.ops on Keras tensors in layer mode; a generated Tf* layer is lowered already.
      if (layer.operation || layer.generatedClass || !containsPosition(nodeRange(layer.call), range.start))
        continue;
      const { status, reasons } = layerStatus(layer);
      const what = isUserLayer(layer) ? `class ${layer.className}` : layer.className;
      const offer: LoweringOffer = {
        title: `${PREFIX}: ${what}${status === 'differs' ? ' (training differs from Keras)' : ''}`,
        kind: 'refactor.rewrite',
        target: { kind: 'layer', layerId: layerId(model, layer) },
        mode: 'layer',
        safe: status === 'exact',
      };
      const uncarried = isUserLayer(layer)
        ? []
        : selectConstructorSites(analysis, [layer], modelLayerRefusals).refused.flatMap((r) => r.reasons);
      if (status === 'refused' || status === 'unknown')
        offer.disabledReason = reasons.map((r) => r.message).join('; ');
      else if (uncarried.length > 0) offer.disabledReason = uncarried.map((r) => r.message).join('; ');
      offers.push(offer);
    }
    const statements = [...model.statements, model.call].map(nodeRange);
    const classNode = model.kind === 'Subclassed' ? classDefinition(analysis, model.className) : undefined;
    const atClass = classNode !== undefined && containsPosition(nodeRange(classNode), range.start);
    if (
      classNode &&
      (atClass || statements.some((statementRange) => containsPosition(statementRange, range.start)))
    ) {
      const lowering = userClassLowering(analysis, classNode);
      offers.push({
        title: `${PREFIX}: class ${model.className}${lowering.ok && lowering.differs.length > 0 ? ' (training differs from Keras)' : ''}`,
        kind: 'refactor.rewrite',
        target: { kind: 'model', variable: model.variable ?? model.name },
        mode: 'layer',
        safe: lowering.ok && lowering.differs.length === 0,
        ...(lowering.ok ? {} : { disabledReason: lowering.reasons.map((r) => r.message).join('; ') }),
      });
    }
    if (statements.some((statementRange) => containsPosition(statementRange, range.start))) {
      const blocking = modelBlockers(model);
      // Module mode applied before, and its class still up to date: nothing to offer.
      if (blocking.length === 0 && moduleModeEdits(analysis, model).length === 0) continue;
      const variable = model.variable ?? model.name;
      offers.push({
        title: `${PREFIX}: model \`${variable}\` → pure TensorFlow`,
        kind: 'refactor.rewrite',
        target: { kind: 'model', variable },
        mode: 'module',
        safe: model.layers.every((layer) => layerStatus(layer).status === 'exact'),
        ...(blocking.length > 0 ? { disabledReason: blocking.map((r) => r.message).join('; ') } : {}),
      });
    }
  }
  if (
    selectConstructorSites(analysis, candidateLayers(analysis.modelNodes), safeLayerRefusals).representatives
      .length > 0
  )
    offers.push({
      title: `${PREFIX}: all layers in file`,
      kind: 'source.lowerToTf',
      target: { kind: 'file' },
      mode: 'layer',
      safe: true,
    });
  return offers;
}

/** The edits for one request, checked (no overlap, the result parses) before they are returned. */
export function lower(analysis: Analysis, target: LowerTarget, mode: LowerMode): LoweringResult {
  const result = lowerUnchecked(analysis, target, mode);
  return guardedResult(analysis.text, result, nodeRange(analysis.tree.rootNode));
}

function lowerUnchecked(analysis: Analysis, target: LowerTarget, mode: LowerMode): LoweringResult {
  const refuse = (reasons: Reason[]): LoweringResult => ({ ok: false, version: analysis.version, reasons });
  const whole = nodeRange(analysis.tree.rootNode);
  if (target.kind === 'layer') {
    const found = findLayer(analysis, target.layerId);
    if (!found)
      return refuse([{ message: `no layer ${target.layerId} in this version of the file`, range: whole }]);
    const { status, reasons } = layerStatus(found.layer);
    if (status === 'refused' || status === 'unknown') return refuse(reasons);
    if (found.layer.operation)
      return refuse([
        {
          message: `${found.layer.name} is an operation on Keras tensors: it lowers with its model in module mode`,
          range: nodeRange(found.layer.call),
        },
      ]);
    if (isUserLayer(found.layer)) return classResult(analysis, found.layer.call);
    const site = selectConstructorSites(analysis, [found.layer], modelLayerRefusals);
    if (site.refused.length > 0) return refuse(site.refused[0]!.reasons);
    return {
      ok: true,
      version: analysis.version,
      edits: layerModeEdits(analysis, site.representatives),
      safe: status === 'exact',
      notes: reasons.map((r) => r.message),
    };
  }
  const models =
    target.kind === 'model'
      ? analysis.modelNodes.filter((model) => (model.variable ?? model.name) === target.variable)
      : analysis.modelNodes.filter((model) => !model.loadedFrom);
  const loaded = models.find((model) => model.loadedFrom);
  if (loaded?.loadedFrom)
    return refuse([
      {
        message: `\`${loaded.variable ?? loaded.name}\` is loaded from a file: lower \`${loaded.loadedFrom.variable ?? loaded.loadedFrom.name}\`, the model saved there`,
        range: nodeRange(loaded.call),
      },
    ]);
  if (models.length === 0)
    return refuse([
      {
        message:
          target.kind === 'model'
            ? `no Keras model bound to \`${target.variable}\``
            : 'no Keras model found in this file',
        range: whole,
      },
    ]);
  const subclassed = models.length === 1 && models[0]!.kind === 'Subclassed' ? models[0] : undefined;
  const subclassedClass = subclassed && classDefinition(analysis, subclassed.className);
  if (mode === 'layer' && subclassedClass) return classResult(analysis, subclassedClass);
  if (mode === 'layer') {
    const sites =
      target.kind === 'file'
        ? selectConstructorSites(analysis, candidateLayers(analysis.modelNodes), safeLayerRefusals)
        : selectConstructorSites(analysis, candidateLayers(models), modelLayerRefusals);
    const layers = sites.representatives;
    if (layers.length === 0)
      return refuse([
        ...models.flatMap(modelBlockers),
        ...models.flatMap((model) => model.layers.flatMap(layerModeRefusals)),
        ...sites.refused.flatMap((refused) => refused.reasons),
      ]);
    const lowered = new Set(layers.map((layer) => `${layer.call.startIndex}:${layer.call.endIndex}`));
    const skipped = models
      .flatMap((model) => model.layers)
      .filter((layer) => !lowered.has(`${layer.call.startIndex}:${layer.call.endIndex}`));
    return {
      ok: true,
      version: analysis.version,
      edits: layerModeEdits(analysis, layers),
      safe: layers.every((layer) => layerStatus(layer).status === 'exact'),
      notes: skipped.map(
        (layer) =>
          `${layer.name} (${layer.className}) left as Keras: ${[
            ...layerStatus(layer).reasons,
            ...layerModeRefusals(layer),
            ...sites.refused.filter((refused) => refused.layer === layer).flatMap((r) => r.reasons),
          ]
            .map((r) => r.message)
            .join('; ')}`,
      ),
    };
  }
  const blockers = models.flatMap(modelBlockers);
  if (blockers.length > 0) return refuse(blockers);
  const edits = models.flatMap((model) => moduleModeEdits(analysis, model));
  const uniqueEdits = edits.filter(
    (edit, index) => edits.findIndex((other) => JSON.stringify(other) === JSON.stringify(edit)) === index,
  );
  return {
    ok: true,
    version: analysis.version,
    edits: uniqueEdits,
    safe: models.every((model) => model.layers.every((layer) => layerStatus(layer).status === 'exact')),
    notes: models.flatMap((model) => [
      ...model.layers.flatMap((layer) =>
        layerStatus(layer).status === 'differs'
          ? layerStatus(layer).reasons.map((r) => `${layer.name}: ${r.message}`)
          : [],
      ),
      ...moduleSource(model).notes,
    ]),
    standalone: standaloneModule(models),
  };
}

/** A user class lowered in layer mode, with the user classes it instantiates. */
function classResult(analysis: Analysis, classNode: Node): LoweringResult {
  const lowering = userClassLowering(analysis, classNode);
  if (!lowering.ok) return { ok: false, version: analysis.version, reasons: lowering.reasons };
  return {
    ok: true,
    version: analysis.version,
    edits: lowering.edits,
    safe: lowering.differs.length === 0,
    notes: lowering.differs,
  };
}

function findLayer(analysis: Analysis, id: string): { model: ModelNode; layer: LayerNode } | undefined {
  for (const model of analysis.modelNodes)
    for (const layer of model.layers) if (layerId(model, layer) === id) return { model, layer };
  return undefined;
}

/** Every layer of these models that layer mode could rewrite, each once, in model order. */
function candidateLayers(models: ModelNode[]): LayerNode[] {
  return [...new Set(models.flatMap((model) => model.layers))].filter((layer) => isLowerable(layer.rule));
}

/** Why a layer cannot be rewritten for its model's layer-mode lowering (exact or differing rewrites). */
function modelLayerRefusals(layer: LayerNode): Reason[] {
  if (layer.generatedClass)
    return [
      { message: `${layer.name} is already lowered (${layer.generatedClass})`, range: nodeRange(layer.call) },
    ];
  if (!isLowerable(layer.rule) || layer.operation || isUserLayer(layer))
    return [
      {
        message: `${layer.name} (${layer.className}) has no layer-mode lowering`,
        range: nodeRange(layer.call),
      },
    ];
  const { status, reasons } = layerStatus(layer);
  if (status === 'refused' || status === 'unknown') return reasons;
  return layerModeRefusals(layer);
}

/** As modelLayerRefusals, for "all layers in file": safe fixes only, so a differing rewrite is left out. */
function safeLayerRefusals(layer: LayerNode): Reason[] {
  const reasons = modelLayerRefusals(layer);
  if (reasons.length > 0) return reasons;
  return layerStatus(layer).status === 'exact'
    ? []
    : [{ message: `${layer.name}: its training differs from Keras`, range: nodeRange(layer.call) }];
}

function modelBlockers(model: ModelNode): Reason[] {
  const reasons: Reason[] = [];
  if (model.kind === 'Subclassed')
    reasons.push({
      message: `\`${model.variable ?? model.name}\` is a subclassed model: lower its class (layer mode), module mode needs a functional graph`,
      range: nodeRange(model.call),
    });
  const members = new Set([...model.inputLayers, ...model.layers]);
  // Module mode writes each layer's ops once, for its first call: a layer applied twice would be wrong.
  for (const layer of model.layers) {
    const calls = model.nodes
      ? layer.calls.filter((call) => model.nodes!.has(call)).length
      : layer.calls.length;
    if (calls > 1)
      reasons.push({
        message: `${layer.name} is called ${calls} times in this model: module mode does not lower shared layers yet (layer mode does)`,
        range: nodeRange(layer.call),
      });
  }
  if (model.inputLayers.length === 0)
    reasons.push({
      message: `model \`${model.variable ?? model.name}\` has no input shape (add keras.Input(shape=...))`,
      range: nodeRange(model.call),
    });
  for (const layer of [...model.inputLayers, ...model.layers]) {
    const { status, reasons: layerReasons } = layerStatus(layer);
    if (status === 'refused' || status === 'unknown')
      reasons.push(...layerReasons.map((r) => ({ ...r, message: `${layer.name}: ${r.message}` })));
    else if (isUserLayer(layer))
      reasons.push({
        message: `${layer.name}: the user layer ${layer.className} lowers in layer mode only (its class is rewritten)`,
        range: nodeRange(layer.call),
      });
    // A tensor made outside the graph (keras.ops.arange(...)) has no variable in the generated module.
    const outside = layer.calls[0]?.inputs.find((input) => !members.has(input.producer));
    if (outside && layer.className !== 'InputLayer')
      reasons.push({
        message: `${layer.name}: an input comes from ${outside.producer.className}, which is not part of the model's graph`,
        range: nodeRange(layer.call),
      });
    const weights = weightsOf(layer);
    if (weights.some((weight) => weight.shape.some((dim) => dim === null)))
      reasons.push({
        message: `${layer.name}: a weight shape is unknown, so module mode cannot create its variables`,
        range: nodeRange(layer.call),
      });
  }
  return reasons;
}
