// What verify sends to the worker (the plan) and what the worker reports, for the CLI, client and panel.

export interface VerifyLowering {
  /** The lowered Python text, or why there is none. */
  text?: string;
  refused?: string;
}

export interface VerifyModelPlan {
  variable: string;
  /** The whole file with the model's lowerable layers replaced by explicit-ops layers. */
  layerMode: VerifyLowering;
  /** A file holding only the model's tf.Module, and the module's class name. */
  moduleMode: VerifyLowering & { className: string };
}

export interface VerifyPlan {
  models: VerifyModelPlan[];
}

export interface VerifyRow {
  layer: string;
  class?: string;
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
  error?: string;
  layerMode?: VerifyModeReport;
  moduleMode?: VerifyModeReport;
}

export interface VerifyReport {
  python: string;
  tensorflow?: string;
  keras?: string;
  models: VerifyModelReport[];
  error?: {
    kind: 'missingPython' | 'missingTensorflow' | 'userCode' | 'timeout' | 'worker';
    message: string;
  };
}
