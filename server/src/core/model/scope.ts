// Python name scopes: a function's locals, falling back to the scope it was defined in, then the module.
import type { Value } from './values.ts';

export class Scope {
  private readonly names = new Map<string, Value>();

  constructor(readonly parent?: Scope) {}

  get(name: string): Value | undefined {
    return this.names.get(name) ?? this.parent?.get(name);
  }

  set(name: string, value: Value): void {
    this.names.set(name, value);
  }

  /** The module scope, where `import` and `keras.config` calls at top level land. */
  root(): Scope {
    return this.parent ? this.parent.root() : this;
  }
}
