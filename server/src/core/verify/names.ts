// The names a statement binds, changes in place and reads, from its syntax alone (Python's scoping rules:
// a function's, lambda's, comprehension's or class's own names are not read from outside), for the slice.
import type { Node } from 'web-tree-sitter';

export interface StatementNames {
  /** Names the statement (re)binds in its own scope. */
  binds: Set<string>;
  /** Names whose object the statement changes in place (`model.add(...)`, `blocks.append(...)`, `x.a = 1`). */
  mutates: Set<string>;
  /** Names the statement reads from the enclosing scope (for a definition: what its body reads when called). */
  reads: Set<string>;
}

/** Methods that change their object in a way a model built from it sees. */
const MUTATING_METHODS = new Set([
  'add',
  'append',
  'extend',
  'insert',
  'update',
  'pop',
  'build',
  'setdefault',
  'remove',
  'clear',
]);

const COMPREHENSIONS = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);

class NameScope {
  readonly binds = new Set<string>();
  readonly reads = new Set<string>();
  readonly mutates = new Set<string>();
  readonly declaredOuter = new Set<string>();

  /** Names read here that are not this scope's own. */
  free(): Set<string> {
    return new Set([...this.reads].filter((name) => !this.binds.has(name) || this.declaredOuter.has(name)));
  }
}

export function statementNames(statement: Node): StatementNames {
  const scope = new NameScope();
  visit(statement, scope);
  return { binds: scope.binds, mutates: scope.mutates, reads: scope.reads };
}

function visit(node: Node, scope: NameScope): void {
  switch (node.type) {
    case 'identifier':
      scope.reads.add(node.text);
      return;
    case 'comment':
    case 'string_start':
    case 'string_end':
    case 'string_content':
      return;
    case 'attribute':
      visitField(node, 'object', scope);
      return;
    case 'keyword_argument':
      visitField(node, 'value', scope);
      return;
    case 'assignment':
      bindTargets(node.childForFieldName('left'), scope);
      visitField(node, 'type', scope);
      visitField(node, 'right', scope);
      return;
    case 'augmented_assignment':
      visitField(node, 'left', scope);
      bindTargets(node.childForFieldName('left'), scope);
      visitField(node, 'right', scope);
      return;
    case 'for_statement':
      bindTargets(node.childForFieldName('left'), scope);
      visitField(node, 'right', scope);
      visitField(node, 'body', scope);
      visitField(node, 'alternative', scope);
      return;
    case 'as_pattern': {
      const [value] = node.namedChildren;
      if (value && value.type !== 'as_pattern_target') visit(value, scope);
      bindTargets(node.childForFieldName('alias')?.namedChildren[0] ?? null, scope);
      return;
    }
    case 'named_expression':
      bindTargets(node.childForFieldName('name'), scope);
      visitField(node, 'value', scope);
      return;
    case 'delete_statement':
      for (const target of node.namedChildren) bindTargets(target, scope);
      return;
    case 'global_statement':
    case 'nonlocal_statement':
      for (const name of node.namedChildren)
        if (name?.type === 'identifier') scope.declaredOuter.add(name.text);
      return;
    case 'import_statement':
    case 'import_from_statement':
      for (const name of importedNames(node)) scope.binds.add(name);
      return;
    case 'call':
      markMutatingCall(node, scope);
      visitChildren(node, scope);
      return;
    case 'function_definition':
      visitFunction(node, scope);
      return;
    case 'lambda':
      visitFunction(node, scope);
      return;
    case 'class_definition':
      visitClass(node, scope);
      return;
    default:
      if (COMPREHENSIONS.has(node.type)) visitComprehension(node, scope);
      else visitChildren(node, scope);
  }
}

function visitChildren(node: Node, scope: NameScope): void {
  for (const child of node.namedChildren) if (child) visit(child, scope);
}

function visitField(node: Node, field: string, scope: NameScope): void {
  const child = node.childForFieldName(field);
  if (child) visit(child, scope);
}

/** Assignment targets: names are bound; `a.b = ...` and `a[i] = ...` change `a` (and read it). */
function bindTargets(target: Node | null, scope: NameScope): void {
  if (!target) return;
  switch (target.type) {
    case 'identifier':
      scope.binds.add(target.text);
      return;
    case 'attribute':
    case 'subscript': {
      const root = rootName(target);
      if (root) scope.mutates.add(root);
      visit(target, scope);
      return;
    }
    default:
      for (const child of target.namedChildren) bindTargets(child, scope);
  }
}

/** `a` for `a`, `a.b.c`, `a[0].b`. */
function rootName(node: Node): string | undefined {
  let current: Node | null = node;
  while (current && (current.type === 'attribute' || current.type === 'subscript'))
    current = current.childForFieldName(current.type === 'attribute' ? 'object' : 'value');
  return current?.type === 'identifier' ? current.text : undefined;
}

function markMutatingCall(call: Node, scope: NameScope): void {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute') return;
  const method = callee.childForFieldName('attribute')?.text;
  const root = rootName(callee.childForFieldName('object') ?? callee);
  if (method && root && MUTATING_METHODS.has(method)) scope.mutates.add(root);
}

/** Defaults, annotations and decorators are read where the function is defined; the body when called. */
function visitFunction(node: Node, scope: NameScope): void {
  const name = node.childForFieldName('name');
  if (name) scope.binds.add(name.text);
  const inner = new NameScope();
  for (const parameter of node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!parameter) continue;
    const parameterName =
      parameter.type === 'identifier'
        ? parameter
        : (parameter.childForFieldName('name') ?? parameter.namedChildren[0]);
    if (parameterName?.type === 'identifier') inner.binds.add(parameterName.text);
    visitField(parameter, 'value', scope);
    visitField(parameter, 'type', scope);
  }
  visitField(node, 'return_type', scope);
  visitField(node, 'body', inner);
  for (const read of inner.free()) scope.reads.add(read);
}

/** A class body's own names are not visible in its methods; both read the module's names. */
function visitClass(node: Node, scope: NameScope): void {
  const name = node.childForFieldName('name');
  if (name) scope.binds.add(name.text);
  visitField(node, 'superclasses', scope);
  const body = new NameScope();
  visitField(node, 'body', body);
  for (const read of body.free()) scope.reads.add(read);
}

function visitComprehension(node: Node, scope: NameScope): void {
  const inner = new NameScope();
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'for_in_clause') {
      bindTargets(child.childForFieldName('left'), inner);
      visitField(child, 'right', inner);
    } else visit(child, inner);
  }
  for (const read of inner.free()) scope.reads.add(read);
}

/** The names an import binds: `import a.b` binds `a`, `import a as b` and `from m import a as b` bind `b`. */
export function importedNames(statement: Node): string[] {
  const names: string[] = [];
  const moduleName = statement.childForFieldName('module_name');
  for (const child of statement.namedChildren) {
    if (!child || child === moduleName || child.id === moduleName?.id) continue;
    if (child.type === 'dotted_name') names.push(child.text.split('.')[0]!);
    else if (child.type === 'aliased_import') {
      const alias = child.childForFieldName('alias');
      if (alias) names.push(alias.text);
    }
  }
  return names;
}

/** The top-level modules an import statement loads (`tensorflow` for `from tensorflow.keras import layers`). */
export function importedModules(statement: Node): string[] {
  const moduleName = statement.childForFieldName('module_name');
  if (moduleName) return [moduleName.text.replace(/^\.+/, '').split('.')[0] ?? ''];
  return statement.namedChildren
    .filter((child): child is Node => child !== null)
    .map((child) => (child.type === 'aliased_import' ? child.childForFieldName('name') : child))
    .filter((child): child is Node => child?.type === 'dotted_name')
    .map((child) => child.text.split('.')[0]!);
}
