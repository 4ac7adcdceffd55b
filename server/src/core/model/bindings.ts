// Module-level names bound to models. A model stays a model where it is built when its name is rebound
// later (`model = keras.models.load_model(...)`, a second `model = make_model()`, `del model`): each model a
// name holds in turn is shown. The first keeps the name as its id (`model`); the k-th model bound to the same
// name is `model#k` (CLI `--model model#2`, layer ids `model#2/dense`), while the summary's `variable` stays
// the Python name, with the binding statement as the model's range.
import type { Node } from 'web-tree-sitter';
import type { Evaluator } from './evaluator.ts';
import type { ModelNode } from './graph.ts';
import type { Value } from './values.ts';

export class ModelBindings {
  /** How many models each module-level name has held. */
  private readonly counts = new Map<string, number>();

  /** `name = <value>` at module level: names a model bound for the first time. */
  bind(
    evaluator: Evaluator,
    name: string,
    previous: Value | undefined,
    value: Value,
    statement: Node | undefined,
  ): void {
    const model = modelOf(value);
    if (model && model.variable === undefined) {
      const count = (this.counts.get(name) ?? 0) + 1;
      this.counts.set(name, count);
      model.variable = count === 1 ? name : `${name}#${count}`;
      model.pythonName = name;
      return;
    }
    const held = previous ? modelOf(previous) : undefined;
    if (!held || held === model || held.pythonName !== name || held.variable === undefined || !statement)
      return;
    const why = value.kind === 'unknown' ? ` (${value.reason})` : '';
    const line = (held.statements[0] ?? held.call).startPosition.row + 1;
    evaluator.report(
      statement,
      `\`${name}\` is rebound here to something keras-lower does not follow${why}; hover, hints and lowering show the model built on line ${line} as \`${held.variable}\``,
      'information',
    );
  }
}

function modelOf(value: Value): ModelNode | undefined {
  if (value.kind === 'model') return value.model;
  if (value.kind === 'userObject') return value.model;
  return undefined;
}
