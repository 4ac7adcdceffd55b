// The slice of a file that builds one model: the top-level statements the model's own statements need,
// found backwards from them by the names each statement reads, binds and changes (statically, from the
// tree). A name a dropped statement computed from data is replaced by a stand-in of the value keras-lower
// inferred for it; a name it could not infer makes the model unverifiable, with the line that binds it.
import type { Node } from 'web-tree-sitter';
import type { Analysis } from '../analysis.ts';
import { Evaluator } from '../model/evaluator.ts';
import type { Value } from '../model/values.ts';
import { ImportedPaths, importedAlways } from './dataCalls.ts';
import { importedModules, statementNames, type StatementNames } from './names.ts';
import { isModelBuilding, sizesAssumed, standInText, UNKNOWN_DATA_DIM } from './standIns.ts';

export interface Unit {
  node: Node;
  index: number;
  names: StatementNames;
  kind: 'import' | 'definition' | 'statement';
}

export interface SliceDecision {
  units: Unit[];
  /** Units that run as written. */
  kept: Set<Unit>;
  /** Dropped units whose names the kept ones read: per unit, name -> Python literal. */
  standIns: Map<Unit, Map<string, string>>;
  imports: ImportedPaths;
  /** Why the model cannot be built without the data, when it cannot. */
  failure?: string;
  /** Sizes the program reads at run time that the stand-ins fill in (`num_classes = 32: len(class_names)`). */
  assumed: string[];
}

export class Slicer {
  readonly units: Unit[];
  readonly imports: ImportedPaths;
  private readonly finalValues: Evaluator['module'];

  constructor(analysis: Analysis) {
    const root = analysis.tree.rootNode;
    this.units = root.namedChildren
      .filter((node): node is Node => node !== null && node.type !== 'comment')
      .map((node, index) => ({ node, index, names: statementNames(node), kind: unitKind(node) }));
    this.imports = new ImportedPaths(root);
    // A second evaluation of the same tree: the module's names as they are when the file ends.
    const evaluator = new Evaluator();
    evaluator.run(root);
    this.finalValues = evaluator.module;
  }

  /** The slice for the model built by `seeds` (top-level statements) and bound to `variable`. */
  decide(seeds: Node[], variable: string): SliceDecision {
    return new Decision(this, seeds, variable).result();
  }

  /** Top-level `variable(...)`, `_ = variable(...)`, `variable.build(...)` after `after`: they build a model. */
  callsOf(variable: string, after: Node): Node[] {
    const from = this.unitOf(after)?.index ?? this.units.length;
    return this.units
      .filter((unit) => unit.index > from && unit.node.type === 'expression_statement')
      .map((unit) => unit.node)
      .filter((node) => {
        const expression = node.namedChildren[0];
        const call = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
        const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
        const builds =
          callee?.type === 'attribute' &&
          callee.childForFieldName('attribute')?.text === 'build' &&
          callee.childForFieldName('object')?.text === variable;
        const calls = callee?.type === 'identifier' && callee.text === variable;
        return (builds || calls) && !this.imports.containsDataCall(node);
      });
  }

  unitOf(node: Node): Unit | undefined {
    return this.units.find((unit) => unit.node.id === node.id);
  }

  /** What the evaluator knows `name` to be at the end of the file, if nothing rebinds it from `from` on. */
  valueAt(name: string, from: number): Value | undefined {
    const later = this.units
      .slice(from)
      .some((unit) => unit.names.binds.has(name) || unit.names.mutates.has(name));
    return later ? undefined : this.finalValues.get(name);
  }
}

function unitKind(node: Node): Unit['kind'] {
  if (
    node.type === 'import_statement' ||
    node.type === 'import_from_statement' ||
    node.type === 'future_import_statement'
  )
    return 'import';
  if (
    node.type === 'function_definition' ||
    node.type === 'class_definition' ||
    node.type === 'decorated_definition'
  )
    return 'definition';
  return 'statement';
}

interface Origin {
  name: string;
  line: number;
}

class Decision {
  private readonly kept = new Set<Unit>();
  private readonly standIns = new Map<Unit, Map<string, string>>();
  private readonly resolved = new Set<string>();
  /** Names still to resolve, and the first name a model statement read on the way (for the failure). */
  private readonly pending: Array<{ name: string; at: number; via?: Origin }> = [];
  private failure: string | undefined;
  /** Per dropped unit, what its stand-ins assume (dropped again if the unit turns out to be kept). */
  private readonly assumed = new Map<Unit, string[]>();

  constructor(
    private readonly slicer: Slicer,
    private readonly seeds: Node[],
    private readonly variable: string,
  ) {}

  result(): SliceDecision {
    const { units, imports } = this.slicer;
    const seedUnits = this.seeds
      .map((seed) => this.slicer.unitOf(seed))
      .filter((unit): unit is Unit => unit !== undefined);
    const last = Math.max(-1, ...seedUnits.map((unit) => unit.index));
    for (const unit of units.slice(0, last + 1)) {
      const alwaysImport = unit.kind === 'import' && importedAlways(importedModules(unit.node));
      if (alwaysImport || imports.isConfiguration(unit.node)) this.keep(unit, unit.index);
    }
    for (const unit of seedUnits) this.keep(unit, unit.index);
    this.need(this.variable, last + 1);
    while (this.pending.length > 0 && this.failure === undefined) {
      const { name, at, via } = this.pending.pop()!;
      this.resolve(name, at, via);
    }
    for (const unit of this.kept) this.standIns.delete(unit);
    return {
      units,
      kept: this.kept,
      standIns: this.standIns,
      imports,
      failure: this.failure,
      assumed: [...this.assumed].filter(([unit]) => !this.kept.has(unit)).flatMap(([, notes]) => notes),
    };
  }

  private need(name: string, at: number, via?: Origin): void {
    const key = `${name}@${at}`;
    if (this.resolved.has(key)) return;
    this.resolved.add(key);
    this.pending.push({ name, at, via });
  }

  /** Keeps `unit`: its reads are needed where it runs (a definition's: where it is called, at `calledAt`). */
  private keep(unit: Unit, calledAt: number, via?: Origin): void {
    const readsAt = unit.kind === 'definition' ? calledAt : unit.index;
    if (this.kept.has(unit) && unit.kind !== 'definition') return;
    this.kept.add(unit);
    for (const name of unit.names.reads) this.need(name, readsAt, via);
  }

  /** Finds the statement that binds `name` before unit `at` and decides how the slice gets its value. */
  private resolve(name: string, at: number, via: Origin | undefined): void {
    const { units } = this.slicer;
    const mutators: Unit[] = [];
    let binder: Unit | undefined;
    for (let index = at - 1; index >= 0 && !binder; index--) {
      const unit = units[index]!;
      if (unit.names.binds.has(name)) binder = unit;
      else if (unit.names.mutates.has(name)) mutators.push(unit);
    }
    // Builtins, and names nothing binds before their use (Python would fail the same way).
    if (!binder) return;
    if (binder.kind !== 'statement') return this.keep(binder, at, via);
    if (this.kept.has(binder)) {
      for (const mutator of mutators) this.keep(mutator, mutator.index);
      return;
    }
    const value = this.slicer.valueAt(name, at);
    const standIn = value && !isModelBuilding(value) ? standInText(value) : undefined;
    if (value && standIn !== undefined) {
      const names = this.standIns.get(binder) ?? new Map<string, string>();
      names.set(name, standIn);
      this.standIns.set(binder, names);
      const sizes = [...new Set(sizesAssumed(value))];
      if (sizes.length > 0)
        this.assumed.set(binder, [
          ...(this.assumed.get(binder) ?? []).filter((note) => !note.startsWith(`\`${name}\` `)),
          `\`${name}\` (line ${binder.node.startPosition.row + 1}) with ${UNKNOWN_DATA_DIM} for ${sizes.map((size) => `\`${size}\``).join(', ')}`,
        ]);
      return;
    }
    const modelBuilding = value !== undefined && isModelBuilding(value);
    const line = binder.node.startPosition.row + 1;
    if (!modelBuilding && (this.slicer.imports.containsDataCall(binder.node) || this.readsData(binder))) {
      const from = via ? `line ${via.line}, from \`${name}\` at line ${line}` : `line ${line}`;
      this.failure = `\`${via?.name ?? name}\` comes from data keras-lower cannot follow (${from})`;
      return;
    }
    this.keep(binder, at, via ?? (modelBuilding ? undefined : { name, line }));
    for (const mutator of mutators) this.keep(mutator, mutator.index);
  }

  /** The statement computes from a data array's values (a stand-in has the shape, never the values). */
  private readsData(unit: Unit): boolean {
    return [...unit.names.reads].some((name) => this.slicer.valueAt(name, unit.index)?.kind === 'array');
  }
}
