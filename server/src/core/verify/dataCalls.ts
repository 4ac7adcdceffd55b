// Which code touches data, files, the network or the screen, so the slice never runs it: calls into modules
// other than Keras, TensorFlow, NumPy and the pure standard library, Keras's loaders, training and saving.
import type { Node } from 'web-tree-sitter';
import { importBindings } from '../model/imports.ts';

/** Modules whose imports the slice always keeps: importing them reads no data. */
const IMPORTED_ALWAYS = new Set([
  '__future__',
  'keras',
  'tensorflow',
  'tf_keras',
  'numpy',
  'math',
  'random',
  'functools',
  'itertools',
  'collections',
  'typing',
  'dataclasses',
  'string',
  'enum',
  'abc',
  'copy',
  'operator',
  're',
  'warnings',
  'os',
  'sys',
]);

/** Calls under these modules compute without data (os and sys are imported, but their calls are data). */
const PURE_MODULES =
  /^(?:keras|tf|numpy|math|random|functools|itertools|collections|typing|dataclasses|string|enum|abc|copy|operator|re)(?:\.|$)/;

/** Keras, TensorFlow and NumPy functions that read files, download, or build input pipelines. */
const DATA_PATHS =
  /^(?:keras\.datasets|keras\.utils\.(?:get_file|\w+_dataset_from_\w+|load_img|img_to_array|image_dataset_from_directory|text_dataset_from_directory|audio_dataset_from_directory)|keras\.preprocessing|keras\.models\.load_model|keras\.saving\.load_model|tf\.data|tf\.io|tf\.saved_model|numpy\.(?:load|loadtxt|genfromtxt|fromfile|memmap))(?:\.|$)/;

/** Methods that train, predict, save, load or print: never run by the slice. */
export const DROPPED_METHODS = new Set([
  'fit',
  'fit_generator',
  'evaluate',
  'predict',
  'predict_on_batch',
  'train_on_batch',
  'test_on_batch',
  'compile',
  'summary',
  'save',
  'save_weights',
  'load_weights',
  'export',
  'load_data',
  'adapt',
  'to_json',
]);

const DATA_BUILTINS = new Set(['open', 'input', 'print', 'exec', 'eval', '__import__']);

/** Module-level calls that configure Keras for every model (kept so both sides build alike). */
const CONFIGURATION =
  /^(?:keras\.config\.set_\w+|keras\.backend\.set_\w+|keras\.utils\.set_random_seed|keras\.mixed_precision\.set_global_policy|tf\.random\.set_seed)$/;

export class ImportedPaths {
  /** Local name -> canonical dotted path (`plt` -> `matplotlib.pyplot`). */
  private readonly paths = new Map<string, string>();

  constructor(root: Node) {
    for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      if (!statement) continue;
      for (const [name, value] of importBindings(statement))
        if (value.kind === 'ref') this.paths.set(name, value.path);
    }
  }

  /** The canonical path of a dotted callee (`plt.show` -> `matplotlib.pyplot.show`), when it is imported. */
  pathOf(callee: Node): string | undefined {
    const parts: string[] = [];
    let current: Node | null = callee;
    while (current?.type === 'attribute') {
      parts.unshift(current.childForFieldName('attribute')?.text ?? '');
      current = current.childForFieldName('object');
    }
    if (current?.type !== 'identifier') return undefined;
    const base = this.paths.get(current.text);
    return base === undefined ? undefined : [base, ...parts].join('.');
  }

  /** A call that reads data, files or the network, trains, saves, or draws. */
  isDataCall(call: Node): boolean {
    const callee = call.childForFieldName('function');
    if (!callee) return false;
    if (callee.type === 'identifier' && DATA_BUILTINS.has(callee.text)) return true;
    const path = this.pathOf(callee);
    if (path !== undefined) return DATA_PATHS.test(path) || !PURE_MODULES.test(path);
    const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    return method !== undefined && DROPPED_METHODS.has(method);
  }

  /** Some call inside `node` reads data (see isDataCall). */
  containsDataCall(node: Node): boolean {
    return node.descendantsOfType('call').some((call) => call !== null && this.isDataCall(call));
  }

  isConfiguration(statement: Node): boolean {
    const call = statement.type === 'expression_statement' ? statement.namedChildren[0] : null;
    const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
    const path = callee ? this.pathOf(callee) : undefined;
    return path !== undefined && CONFIGURATION.test(path);
  }
}

/** An import the slice keeps whether or not the model reads its names. */
export function importedAlways(modules: string[]): boolean {
  return modules.length > 0 && modules.every((module) => IMPORTED_ALWAYS.has(module));
}

/** Methods whose result is a history, metrics or predictions: nothing that builds a model reads it. */
const TRAINING_RESULTS = new Set([
  'fit',
  'fit_generator',
  'evaluate',
  'predict',
  'predict_on_batch',
  'train_on_batch',
  'test_on_batch',
]);

/**
 * `history = model.fit(...)`, `loss, acc = model.evaluate(...)` inside kept code (a loop that builds a model
 * per fold): the names it binds, which the slice sets to None instead of training; undefined for any other
 * statement (a target that is not a plain name keeps the statement as written).
 */
export function trainingResultNames(statement: Node): string[] | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const assignment = statement.namedChildren[0];
  if (assignment?.type !== 'assignment') return undefined;
  const call = assignment.childForFieldName('right');
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  if (method === undefined || !TRAINING_RESULTS.has(method)) return undefined;
  const names: string[] = [];
  const collect = (target: Node): boolean => {
    if (target.type === 'identifier') return names.push(target.text) > 0;
    if (!['pattern_list', 'tuple_pattern', 'list_pattern'].includes(target.type)) return false;
    return target.namedChildren.every((child) => child !== null && collect(child));
  };
  const left = assignment.childForFieldName('left');
  return left && collect(left) ? names : undefined;
}

/** An expression statement the slice replaces by `pass` inside kept code: training, printing, plotting. */
export function isDroppedCallStatement(statement: Node, imports: ImportedPaths): boolean {
  if (statement.type !== 'expression_statement') return false;
  // Only bare calls: `history = model.fit(...)` stays, since later code may read `history`.
  const call = statement.namedChildren[0];
  return call?.type === 'call' && imports.isDataCall(call);
}
