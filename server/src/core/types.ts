// The engine's public data model. Positions are LSP-style: zero-based line and UTF-16 character,
// which is also what web-tree-sitter reports for JavaScript strings.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A dimension: a known size, `null` when unknown, or the name of an unresolved Python name (`timesteps`). */
export type Dim = number | null | string;

/** A tensor shape including the batch dimension, as Keras prints it: `[null, 26, 26, 32]`. */
export type Shape = Dim[];

/** How faithfully a layer lowers: `differs` = numerics or training behaviour can differ (an unsafe fix). */
export type LayerStatus = 'exact' | 'differs' | 'refused' | 'unknown';

/** Why something is refused, unknown or differs, pointing at the source that causes it (an argument, usually). */
export interface Reason {
  message: string;
  range: Range;
}

export interface WeightInfo {
  /** Keras's variable name: `kernel`, `bias`, `recurrent_kernel`. */
  name: string;
  shape: Shape;
  /** Keras initializer identifier as the layer resolves it: `glorot_uniform`, `zeros`, `orthogonal`. */
  initializer: string;
  trainable: boolean;
}

export interface LayerInfo {
  /** Stable while the model's structure is unchanged: `<model variable>/<keras layer name>`. */
  id: string;
  /** The name Keras gives the layer in a fresh process (`dense_1`). */
  name: string;
  /** Keras class name (`Dense`, `InputLayer`). */
  class: string;
  /** One shape, or one per output for multi-output layers; `null` when unknown. */
  outputShape: Shape | Shape[] | null;
  params: number | null;
  /** Names of the layers feeding this one (functional models); empty for the first layer. */
  connectedTo: string[];
  /** The constructor call (`layers.Dense(10)`) or, for an operation node, the expression. */
  range: Range;
  status: LayerStatus;
  reasons: Reason[];
  weights: WeightInfo[];
}

export interface ModelInfo {
  /** The Python variable the model is bound to (several models may be bound to one name in turn). */
  variable: string;
  /** Unique per model: the variable, or `variable#k` for the k-th model bound to it (lowering targets, `--model`). */
  key?: string;
  /** Keras's model name (`sequential`, `functional`, or the `name=` argument). */
  name: string;
  /** `Sequential`, `Functional`, or the class name of a subclassed model. */
  class: string;
  /** The statement that creates the model. */
  range: Range;
  layers: LayerInfo[];
  totalParams: number | null;
  trainableParams: number | null;
  nonTrainableParams: number | null;
  /**
   * Set while lines that build or change the model do not parse: the rows are the last good analysis, and
   * this says so ("last good analysis: line 14 does not parse yet"). Such a model offers no edit.
   */
  stale?: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Diagnostic {
  range: Range;
  message: string;
  severity: Severity;
}

/** The `summary --json` contract shared by the CLI, the panel and outside tools (DESIGN.md). */
export interface SummaryJson {
  models: Array<
    Pick<
      ModelInfo,
      | 'variable'
      | 'name'
      | 'class'
      | 'range'
      | 'totalParams'
      | 'trainableParams'
      | 'nonTrainableParams'
      | 'stale'
    > & {
      layers: Array<Omit<LayerInfo, 'weights'>>;
    }
  >;
}

export type LowerMode = 'layer' | 'module';

export type LowerTarget =
  { kind: 'layer'; layerId: string } | { kind: 'model'; variable: string } | { kind: 'file' };

/** A lowering the user can ask for at some place in the file (a code action, a CLI target). */
export interface LoweringOffer {
  title: string;
  /** `refactor.rewrite` for a layer or a model, `source.lowerToTf` for the whole file. */
  kind: 'refactor.rewrite' | 'source.lowerToTf';
  target: LowerTarget;
  mode: LowerMode;
  /** Exact rewrites are safe; ones whose numerics or training behaviour can differ are not. */
  safe: boolean;
  /** Set when the lowering is offered but cannot be applied (shown as a disabled code action). */
  disabledReason?: string;
}

export type LoweringResult =
  | {
      ok: true;
      version: number;
      edits: TextEdit[];
      safe: boolean;
      notes: string[];
      /** Module mode: a file holding only the generated module (`lower -o OUT`). */
      standalone?: string;
    }
  | { ok: false; version: number; reasons: Reason[] };
