export interface RuleDescription {
  /** Keras class names the rule handles. */
  classes: string[];
  family: string;
  /** Every constructor argument the rule accounts for, with how: translated, default-only or refused. */
  args: Array<{ name: string; handling: 'translated' | 'default-only' | 'refused' }>;
}

export function ruleCatalog(): RuleDescription[] {
  return [];
}

/** Activation names the engine lowers exactly; any other name Keras accepts is refused with a reason. */
export function activationCatalog(): string[] {
  return [];
}
