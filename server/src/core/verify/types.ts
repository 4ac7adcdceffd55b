// What verify sends to the worker (the plan) and what the worker reports, for the CLI, client and panel.

export interface VerifyLowering {
  /** The lowered Python text, or why there is none. */
  text?: string;
  refused?: string;
}

export interface VerifyModelPlan {
  /** The model's key: its module-level name, `name#k` for the k-th model a rebound name holds. */
  variable: string;
  /** The Python name the slice binds the model to. */
  pythonName: string;
  /** The line (1-based) of the model's first statement. */
  line: number;
  /** Why the model cannot be built without running the program's data steps; then nothing else is set. */
  unverifiable?: string;
  /** The file with only what builds the model (same line numbers; data-derived values as stand-ins). */
  slice?: string;
  /** Slice lines keras-lower wrote or that call data: a failure there is keras-lower's, not the user's. */
  slicedLines?: number[];
  /** Sizes the program reads at run time that the slice fills in (`num_classes` with 32 for `len(class_names)`). */
  assumed?: string[];
  /** The slice with the model's lowerable layers replaced by explicit-ops layers. */
  layerMode?: VerifyLowering;
  /** A file holding only the model's tf.Module, and the module's class name. */
  moduleMode?: VerifyLowering & { className: string };
  /** The input shapes the engine inferred (batch first; null or a name where unknown). */
  inputs: Array<{ shape: Array<number | string | null> | null }>;
}

export interface VerifyPlan {
  models: VerifyModelPlan[];
}

export interface VerifyRow {
  layer: string;
  class?: string;
  /** False for a layer the lowering left as Keras: compared with itself, it proves nothing. */
  lowered?: boolean;
  ok: boolean;
  abs: number | null;
  rel: number | null;
  problem?: string | null;
}

export interface VerifyModeReport {
  ok?: boolean;
  layers?: VerifyRow[];
  outputs?: VerifyRow[];
  refused?: string;
  error?: string;
}

export interface VerifyModelReport {
  variable: string;
  /** Why the model was not verified, in one line (the slice failed, data it cannot follow, no model). */
  error?: string;
  /** Who failed: the user's code (the slice, at `line`), or keras-lower's own worker or lowering. */
  errorKind?: 'unverifiable' | 'userCode' | 'worker';
  /** The sizes the slice filled in for values the program reads at run time (the plan's `assumed`). */
  assumed?: string[];
  /** Seconds the model's checks took. */
  seconds?: number;
  layerMode?: VerifyModeReport;
  moduleMode?: VerifyModeReport;
}

export interface VerifyReport {
  python: string;
  tensorflow?: string;
  keras?: string;
  models: VerifyModelReport[];
  error?: {
    kind: 'missingPython' | 'missingTensorflow' | 'userCode' | 'timeout' | 'worker' | 'cancelled';
    message: string;
  };
}
