// analyze(): a document's models, layers, shapes and diagnostics for one version.
import type { Tree } from 'web-tree-sitter';
import { isLowerable, type WeightSpec } from './layers/rule.ts';
import { loweringRefusals } from './layers/validate.ts';
import { describeInitializer, weightsOf } from './layers/weights.ts';
import { Evaluator } from './model/evaluator.ts';
import { assignLayerIds, layerId } from './model/layerIds.ts';
import { callOutputs, type LayerNode, type ModelNode } from './model/graph.ts';
import { mentionsKeras } from './model/imports.ts';
import { layerTrainable } from './model/trainable.ts';
import {
  doesNotParseYet,
  runProgram,
  unparsedStatements,
  type StatementNames,
  type UnparsedStatement,
} from './model/partialProgram.ts';
import { LineMap } from './parse/lineMap.ts';
import type { RepairedProgram } from './parse/repair.ts';
import { applyLastGood, type StaleModels } from './staleness.ts';
import { userClassLowering } from './emit/userLayers.ts';
import { PythonDocument, withLoneCrAsLf } from './parse/document.ts';
import { nodeRange } from './parse/ranges.ts';
import type { Diagnostic, LayerInfo, LayerStatus, ModelInfo, Reason, Shape } from './types.ts';

export interface Analysis {
  version: number;
  /** The document's text, a lone "\r" read as "\n" (withLoneCrAsLf): the same offsets and LSP lines. */
  text: string;
  tree: Tree;
  models: ModelInfo[];
  diagnostics: Diagnostic[];
  /** Every layer the file creates, in creation order (also those in no model), for hover and lowering. */
  layers: LayerNode[];
  modelNodes: ModelNode[];
  imageDataFormatSet: boolean;
  /** The top-level statements that do not parse yet; none when the whole file parses. */
  unparsed: UnparsedStatement[];
  /** The text `tree` parses: `text` with the unparsed statements' lines blanked out (same positions). */
  parsedText: string;
  /** The Keras name-counter prefixes each top-level statement took (replayed by the next version). */
  statementNames: StatementNames[];
  /** Models shown as they were in the last version that parsed, while lines that build them do not. */
  stale?: StaleModels;
}

const cache = new WeakMap<
  PythonDocument,
  { analysis: Analysis; source: string; lastGood: Analysis | undefined }
>();

/** Larger files (data dumps, generated code) are not analysed: parsing alone would take seconds. */
export const MAX_ANALYZED_CHARACTERS = 2_000_000;

/**
 * Analyses the document's current version; repeated calls for the same version reuse the result. While some
 * statements do not parse, `lastGood` (the analysis of an earlier version that parsed, whose tree is still
 * alive) stands in for the models those statements build, marked stale.
 */
export function analyze(document: PythonDocument, lastGood?: Analysis): Analysis {
  const cached = cache.get(document);
  if (
    cached &&
    cached.analysis.version === document.version &&
    cached.source === document.text &&
    cached.lastGood === lastGood
  )
    return cached.analysis;
  const parsedWhole = lastGood?.unparsed.length === 0 ? lastGood : undefined;
  const analysis = analyzeTree(
    withLoneCrAsLf(document.text),
    document.tree,
    document.version,
    () => document.repairedProgram(),
    parsedWhole,
  );
  if (parsedWhole && analysis.unparsed.length > 0) applyLastGood(analysis, parsedWhole);
  cache.set(document, { analysis, source: document.text, lastGood });
  return analysis;
}

export function analyzeText(text: string, version = 0): Analysis {
  return analyze(new PythonDocument(text, version));
}

function analyzeTree(
  text: string,
  tree: Tree,
  version: number,
  repair: () => RepairedProgram | undefined,
  lastGood?: Analysis,
): Analysis {
  const empty = {
    version,
    text,
    tree,
    models: [],
    diagnostics: [],
    layers: [],
    modelNodes: [],
    imageDataFormatSet: false,
    unparsed: [],
    parsedText: text,
    statementNames: [],
  };
  const notAnalysed = (message: string): Analysis => ({
    ...empty,
    diagnostics: [
      {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message,
        severity: 'information',
      },
    ],
  });
  // Python itself refuses such source ("source code cannot contain null bytes"); binary files land here too.
  if (text.includes('\0'))
    return notAnalysed(
      'keras-lower does not analyse this file: it contains NUL bytes, which Python refuses in source code (a binary file?)',
    );
  if (!mentionsKeras(text)) return empty;
  if (text.length > MAX_ANALYZED_CHARACTERS)
    return notAnalysed(
      `keras-lower does not analyse files over ${MAX_ANALYZED_CHARACTERS / 1_000_000} MB (this one has ${(text.length / 1_000_000).toFixed(1)} M characters)`,
    );
  // A half-typed file is evaluated without its broken statements (partialProgram.ts), on a tree where they
  // are blanked out: every position is the same, and every node the engine sees parsed.
  const repaired = tree.rootNode.hasError ? repair() : undefined;
  const unparsed = repaired ? unparsedStatements(repaired.original, text, repaired.blanked) : [];
  const names =
    lastGood && unparsed.length > 0
      ? { statements: lastGood.statementNames, lines: new LineMap(lastGood.text, text) }
      : undefined;
  const evaluated = repaired?.tree ?? tree;
  const evaluation = runProgram(new Evaluator(), evaluated.rootNode, unparsed, names);
  assignLayerIds(evaluation.models);
  const analysis: Analysis = {
    version,
    text,
    tree: evaluated,
    models: [],
    diagnostics: [
      ...unparsed.map(unparsedDiagnostic),
      ...evaluation.diagnostics,
      ...layerDiagnostics(evaluation.layers),
    ],
    layers: evaluation.layers,
    modelNodes: evaluation.models,
    imageDataFormatSet: evaluation.imageDataFormatCall !== undefined,
    unparsed,
    parsedText: repaired?.text ?? text,
    statementNames: evaluation.statementNames,
  };
  // User layers' statuses come from lowering their class, which reads the whole analysis.
  for (const layer of evaluation.layers) {
    if (isUserLayer(layer)) owners.set(layer, analysis);
    unresolvedNames.set(layer, evaluation.unresolvedNames);
  }
  // Models bound to no module-level variable (built inside a class or helper and never returned) are no rows.
  analysis.models = evaluation.models.filter((model) => model.variable !== undefined).map(describeModel);
  return analysis;
}

/** The analysis each user layer node belongs to. */
const owners = new WeakMap<LayerNode, Analysis>();
/** Per layer, why the names its shapes may show as dimensions have no value (from its file's evaluation). */
const unresolvedNames = new WeakMap<LayerNode, Map<string, string>>();

/** A layer node standing for an instance of a Layer class the file defines. */
export function isUserLayer(layer: LayerNode): boolean {
  return layer.customParams !== undefined && layer.call.type === 'class_definition';
}

export { layerId } from './model/layerIds.ts';

const describedModels = new WeakMap<ModelNode, ModelInfo>();

/** Memoized: nested models are described once, however deep they nest. */
function describeModel(model: ModelNode): ModelInfo {
  const cached = describedModels.get(model);
  if (cached) return cached;
  const described = describeModelOnce(model);
  describedModels.set(model, described);
  return described;
}

function describeModelOnce(model: ModelNode): ModelInfo {
  const rows =
    model.kind === 'Functional'
      ? (model.summaryOrder ?? [...model.inputLayers, ...model.layers])
      : model.layers;
  const layers = rows.map((layer) => describeLayer(model, layer));
  const sum = (rowsToSum: LayerInfo[]): number | null =>
    rowsToSum.some((row) => row.params === null)
      ? null
      : rowsToSum.reduce((total, row) => total + (row.params ?? 0), 0);
  const totalParams = sum(layers);
  // A frozen model's weights are all non-trainable (Keras's trainable_weights is empty).
  const frozen = model.trainable === false ? totalParams : frozenParams(model);
  const nonTrainableParams = totalParams === null || model.trainable === null ? null : frozen;
  return {
    variable: model.pythonName ?? model.variable ?? model.name,
    key: model.variable ?? model.name,
    name: model.name,
    class: model.className,
    range: nodeRange(model.statements[0] ?? model.call),
    layers,
    totalParams,
    trainableParams:
      totalParams === null || nonTrainableParams === null ? null : totalParams - nonTrainableParams,
    nonTrainableParams,
  };
}

/** A model's parameters in variables that are not trainable (a parent model reads the variables' flags). */
function frozenParams(model: ModelNode): number | null {
  const rows = model.kind === 'Functional' ? (model.summaryOrder ?? model.layers) : model.layers;
  let total = 0;
  for (const layer of rows) {
    const count = nonTrainable(layer);
    if (count === null) return null;
    total += count;
  }
  return total;
}

/** Parameters Keras counts as non-trainable: BatchNormalization's moving statistics, frozen layers' weights. */
function nonTrainable(layer: LayerNode): number | null {
  if (layer.nestedModel) return frozenParams(layer.nestedModel);
  const trainable = layerTrainable(layer);
  if (trainable === null) return null;
  if (!trainable) return layerParams(layer, weightsOf(layer));
  return weightsOf(layer)
    .filter((weight) => !weight.trainable && weight.shape.every((dim) => typeof dim === 'number'))
    .reduce((total, weight) => total + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

export function describeLayer(model: ModelNode, layer: LayerNode): LayerInfo {
  const { status, reasons } = layerStatus(layer);
  const weights = weightsOf(layer);
  const params = layerParams(layer, weights);
  return {
    id: layerId(model, layer),
    name: layer.name,
    class: layer.generatedClass ?? layer.className,
    outputShape: layer.outputShapes ?? layer.outputShape,
    params,
    connectedTo: connections(model, layer),
    range: nodeRange(layer.call),
    status,
    reasons,
    weights: weights.map((weight) => ({
      name: weight.name,
      shape: weight.shape as Shape,
      initializer: describeInitializer(weight.initializer),
      trainable: weight.trainable && layerTrainable(layer) !== false,
    })),
  };
}

/** Keras's `Connected to`: `name[node][tensor]` for every input of every call of the layer in this network. */
function connections(model: ModelNode, layer: LayerNode): string[] {
  if (model.kind !== 'Functional') return [];
  const calls = layer.calls.filter((call) => model.nodes?.has(call) ?? call === layer.calls[0]);
  return calls.flatMap((call) =>
    call.inputs.map((input) => {
      const index = input.producer.calls.findIndex((candidate) => callOutputs(candidate).includes(input));
      const tensor = index < 0 ? 0 : callOutputs(input.producer.calls[index]!).indexOf(input);
      return `${input.producer.name}[${Math.max(index, 0)}][${tensor}]`;
    }),
  );
}

function layerParams(layer: LayerNode, weights: WeightSpec[]): number | null {
  if (layer.className === 'InputLayer' || layer.operation) return 0;
  if (layer.nestedModel) return describeModel(layer.nestedModel).totalParams;
  if (layer.customParams !== undefined) return layer.customParams;
  if (
    !layer.rule ||
    !layer.inputShape ||
    weights.some((weight) => weight.shape.some((dim) => typeof dim !== 'number'))
  )
    return null;
  return weights.reduce((total, weight) => total + (weight.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** Why a layer without a rule is still understood (its shapes are known) but cannot be lowered yet. */
function notLoweredYet(layer: LayerNode): string | undefined {
  if (layer.nestedModel)
    return `the nested model ${layer.name} is understood (shapes, parameters) but not lowered yet`;
  if (layer.customParams !== undefined)
    return `the user layer ${layer.className} is understood (shapes) but not lowered yet`;
  return undefined;
}

/** An operation node lowers from the ops table (module mode) once its shapes are known. */
function operationStatus(layer: LayerNode): { status: LayerStatus; reasons: Reason[] } {
  const range = nodeRange(layer.call);
  if (layer.shapeError)
    return {
      status: 'refused',
      reasons: [{ message: layer.shapeError.message, range: nodeRange(layer.shapeError.node) }],
    };
  if (!layer.outputShape)
    return {
      status: 'unknown',
      reasons: [{ message: layer.unknownReason ?? 'its output shape is unknown', range }],
    };
  const refusals = layer.rule?.refusals?.(layer.config) ?? [];
  return refusals.length > 0 ? { status: 'refused', reasons: refusals } : { status: 'exact', reasons: [] };
}

/** A user layer lowers when its class does (layer mode): every sublayer and keras.ops call in it. */
function userLayerStatus(layer: LayerNode): { status: LayerStatus; reasons: Reason[] } | undefined {
  const analysis = owners.get(layer);
  if (!analysis) return undefined;
  const lowering = userClassLowering(analysis, layer.call);
  if (!lowering.ok) return { status: 'refused', reasons: lowering.reasons };
  const range = nodeRange(layer.call);
  if (lowering.differs.length > 0)
    return { status: 'differs', reasons: lowering.differs.map((message) => ({ message, range })) };
  return { status: 'exact', reasons: [] };
}

const NEVER_CALLED =
  'the layer is never called on a Keras tensor (for a subclassed model, call it on keras.Input(...) or put `# keras-lower: input_shape=(None, ...)` above its assignment)';

const statuses = new WeakMap<LayerNode, { status: LayerStatus; reasons: Reason[] }>();

/** Unknown beats refused beats differs beats exact; every reason is kept. Memoized per layer node. */
export function layerStatus(layer: LayerNode): { status: LayerStatus; reasons: Reason[] } {
  const cached = statuses.get(layer);
  if (cached) return cached;
  const computed = computeLayerStatus(layer);
  statuses.set(layer, computed);
  return computed;
}

/**
 * A name the evaluator did not compute is never shown as a dimension of an exact row: the row is unknown,
 * with why the name has no value first, then whatever else its status found.
 */
function computeLayerStatus(layer: LayerNode): { status: LayerStatus; reasons: Reason[] } {
  const found = statusFromShapesAndRules(layer);
  const names = uncomputedNames(layer);
  const range = nodeRange(layer.call);
  if (names.length === 0) {
    // A row whose parameters were not counted is never exact (params would read None beside a tick).
    if (
      (found.status === 'exact' || found.status === 'differs') &&
      layerParams(layer, weightsOf(layer)) === null
    )
      return {
        status: 'unknown',
        reasons: [
          { message: `the parameters of ${layer.className} could not be counted`, range },
          ...found.reasons,
        ],
      };
    return found;
  }
  const why = (name: string): string =>
    unresolvedNames.get(layer)?.get(name) ?? `\`${name}\` is not a value keras-lower computed`;
  return {
    status: 'unknown',
    reasons: [
      ...names.map((name) => ({
        message: `the dimension ${name} is a name, not a size: ${why(name)}`,
        range,
      })),
      ...found.reasons,
    ],
  };
}

/**
 * The names a row depends on: those in its output shapes; those in its weights' shapes (its parameters are not
 * counted: `Dense(1)` on `(None, 3, n)`); and its inputs' names when an output size is unknown (Flatten of
 * `(None, 3, n)` gives `(None, None)` where Keras, knowing n, gives a size).
 */
function uncomputedNames(layer: LayerNode): string[] {
  const named = (dims: Shape): string[] => dims.filter((dim): dim is string => typeof dim === 'string');
  const shapes = layer.outputShapes ?? (layer.outputShape ? [layer.outputShape] : []);
  const names = named(shapes.flat());
  if (layer.className !== 'InputLayer' && !layer.nestedModel) {
    for (const weight of weightsOf(layer)) names.push(...named(weight.shape as Shape));
    if (shapes.some((shape) => shape.slice(1).includes(null)))
      for (const input of layer.calls[0]?.inputs ?? []) names.push(...named(input.shape ?? []));
  }
  return [...new Set(names)];
}

function statusFromShapesAndRules(layer: LayerNode): { status: LayerStatus; reasons: Reason[] } {
  const range = nodeRange(layer.call);
  if (layer.operation) return operationStatus(layer);
  const userLayer = isUserLayer(layer) ? userLayerStatus(layer) : undefined;
  // A user layer whose output shape is unknown is unknown first: a refusal would claim the row is understood.
  if (userLayer?.status === 'refused' && !layer.outputShape && !layer.shapeError)
    return {
      status: 'unknown',
      reasons: [
        ...userLayer.reasons,
        { message: layer.unknownReason ?? 'its output shape is unknown', range },
      ],
    };
  if (userLayer) return userLayer;
  if (layer.className === 'InputLayer')
    return layer.unknownReason
      ? { status: 'unknown', reasons: [{ message: layer.unknownReason, range }] }
      : { status: 'exact', reasons: [] };
  const understood = notLoweredYet(layer);
  if (understood && layer.customParams === null && layer.outputShape)
    return {
      status: 'unknown',
      reasons: [{ message: `the parameters of ${layer.className} could not be counted`, range }],
    };
  if (understood) {
    const reasons = layer.shapeError
      ? [{ message: layer.shapeError.message, range: nodeRange(layer.shapeError.node) }]
      : [];
    if (!layer.outputShape && !layer.shapeError)
      return {
        status: 'unknown',
        reasons: [{ message: layer.unknownReason ?? 'its output shape is unknown', range }],
      };
    return { status: 'refused', reasons: [...reasons, { message: understood, range }] };
  }
  if (!layer.rule)
    return { status: 'unknown', reasons: [{ message: layer.unknownReason ?? 'no rule', range }] };
  const refusals = [...layer.reasons, ...loweringRefusals(layer.rule, layer.config)];
  if (!isLowerable(layer.rule))
    refusals.push({
      message: `${layer.className} is understood (shapes, parameters) but not lowered yet`,
      range,
    });
  if (layer.shapeError)
    refusals.push({ message: layer.shapeError.message, range: nodeRange(layer.shapeError.node) });
  if (!layer.outputShape && !layer.shapeError)
    return {
      status: 'unknown',
      reasons: [
        {
          message: `output shape unknown: ${layer.unknownReason ?? (layer.calls.length === 0 ? NEVER_CALLED : 'its input shape is unknown')}`,
          range,
        },
        ...refusals,
      ],
    };
  if (refusals.length > 0) return { status: 'refused', reasons: refusals };
  const differs = layer.rule.differs?.(layer.config);
  if (differs) return { status: 'differs', reasons: [{ message: differs, range }] };
  return { status: 'exact', reasons: [] };
}

/** One diagnostic per statement that does not parse, at its first syntax error: never a cascade. */
function unparsedDiagnostic(statement: UnparsedStatement): Diagnostic {
  return {
    range: statement.errorRange,
    message: `${doesNotParseYet(statement.span)} (${statement.errorText}): keras-lower leaves this statement out until it parses; models it builds or changes show their last good analysis`,
    severity: 'information',
  };
}

function layerDiagnostics(layers: LayerNode[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const layer of layers) {
    if (layer.shapeError)
      diagnostics.push({
        range: nodeRange(layer.shapeError.node),
        message: layer.shapeError.message,
        severity: 'error',
      });
    for (const problem of layer.kerasErrors ?? []) diagnostics.push({ ...problem, severity: 'error' });
  }
  return diagnostics;
}
