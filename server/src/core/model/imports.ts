// Import statements -> names bound to canonical paths, so every spelling of Keras resolves alike:
// `tf.keras.layers.Dense`, `from tensorflow.keras.layers import Dense`, `from keras import layers as L`, ...
import type { Node } from 'web-tree-sitter';
import type { Value } from './values.ts';

const CANONICAL_PREFIXES: Array<[RegExp, string]> = [
  [/^(?:tensorflow|tf)\.keras(?=\.|$)/, 'keras'],
  [/^tensorflow(?=\.|$)/, 'tf'],
  [/^keras\.api(?=\.|$)/, 'keras'],
  [/^keras\.models\.(Sequential|Model)$/, 'keras.$1'],
  [/^keras\.layers\.Input$/, 'keras.Input'],
  [/^keras\.backend\.(set_image_data_format|image_data_format|set_floatx)$/, 'keras.config.$1'],
];

/** The canonical spelling of a dotted path: `tensorflow.keras.layers.Dense` -> `keras.layers.Dense`. */
export function canonicalPath(path: string): string {
  let result = path;
  for (const [pattern, replacement] of CANONICAL_PREFIXES) result = result.replace(pattern, replacement);
  return result;
}

/** The names an import statement binds, each to a `ref` value. */
export function importBindings(statement: Node): Array<[string, Value]> {
  const bindings: Array<[string, Value]> = [];
  const ref = (path: string): Value => ({ kind: 'ref', path: canonicalPath(path) });
  if (statement.type === 'import_statement') {
    for (const child of statement.namedChildren) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        // `import tensorflow.keras` binds `tensorflow`.
        const top = child.text.split('.')[0]!;
        bindings.push([top, ref(top)]);
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) bindings.push([alias.text, ref(name.text)]);
      }
    }
    return bindings;
  }
  if (statement.type === 'import_from_statement') {
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode || moduleNode.type !== 'dotted_name') return bindings;
    const modulePath = moduleNode.text;
    if (statement.namedChildren.some((child) => child?.type === 'wildcard_import'))
      bindings.push([
        `${STAR_IMPORT}${canonicalPath(modulePath)}`,
        { kind: 'ref', path: canonicalPath(modulePath) },
      ]);
    for (const child of statement.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'dotted_name') bindings.push([child.text, ref(`${modulePath}.${child.text}`)]);
      else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (name && alias) bindings.push([alias.text, ref(`${modulePath}.${name.text}`)]);
      }
    }
  }
  return bindings;
}

/** The scope key prefix under which a `from module import *` remembers its module (`*keras.layers`). */
export const STAR_IMPORT = '*';

/** Where a name from `from <module> import *` comes from: keras.layers has the layers, keras the models. */
export function starImportPath(modulePath: string, name: string, isLayerClass: boolean): string | undefined {
  if (modulePath === 'keras.layers')
    return isLayerClass || name === 'Input' ? `keras.layers.${name}` : undefined;
  if (modulePath === 'keras.models' || modulePath === 'keras')
    return ['Sequential', 'Model', 'Input'].includes(name) ? `keras.${name}` : undefined;
  return undefined;
}

/** Cheap pre-check so files that never mention Keras cost almost nothing. */
export function mentionsKeras(text: string): boolean {
  return text.includes('keras');
}
