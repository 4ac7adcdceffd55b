import { activationCatalog, ruleCatalog } from '../../core/index.ts';

/** `keras-lower rules`: the layers and activations the engine lowers, and how each argument is handled. */
export function rulesCommand(json: boolean): string {
  const rules = ruleCatalog();
  const activations = activationCatalog();
  if (json) return `${JSON.stringify({ rules, activations }, null, 2)}\n`;
  const lines: string[] = [];
  for (const rule of rules) {
    lines.push(`${rule.classes.join(', ')} (${rule.family})`);
    for (const handling of ['translated', 'default-only', 'refused'] as const) {
      const names = rule.args.filter((arg) => arg.handling === handling).map((arg) => arg.name);
      if (names.length > 0) lines.push(`  ${handling}: ${names.join(', ')}`);
    }
  }
  lines.push(`activations: ${activations.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
