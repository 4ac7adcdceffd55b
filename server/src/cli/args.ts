// Command-line parsing with node's util.parseArgs into one typed invocation per command.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LowerMode } from '../core/index.ts';
import { usageError } from './errors.ts';

export type Invocation =
  | { command: 'help' }
  | { command: 'summary'; file: string; model?: string; json: boolean }
  | {
      command: 'lower';
      file: string;
      model?: string;
      layer?: string;
      mode: LowerMode;
      output: LowerOutput;
      json: boolean;
    }
  | { command: 'rules'; json: boolean }
  | { command: 'verify'; file: string; model?: string; python: string; json: boolean };

/** Where `lower` puts the lowered file. */
export type LowerOutput =
  { to: 'stdout' } | { to: 'diff' } | { to: 'inPlace' } | { to: 'file'; path: string };

const json = { type: 'boolean', default: false } as const;
const help = { type: 'boolean', short: 'h', default: false } as const;

export function parseInvocation(argv: string[]): Invocation {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help')
    return { command: 'help' };
  switch (command) {
    case 'summary':
      return parseSummary(rest);
    case 'lower':
      return parseLower(rest);
    case 'rules':
      return parseRules(rest);
    case 'verify':
      return parseVerify(rest);
    default:
      throw usageError(`unknown command "${command}" (expected summary, lower, verify or rules)`);
  }
}

function parseSummary(args: string[]): Invocation {
  const { values, positionals } = parse(args, { model: { type: 'string' }, json, help });
  if (values.help) return { command: 'help' };
  return {
    command: 'summary',
    file: singleFile(positionals, 'summary'),
    model: values.model,
    json: values.json,
  };
}

function parseLower(args: string[]): Invocation {
  const { values, positionals } = parse(args, {
    model: { type: 'string' },
    layer: { type: 'string' },
    mode: { type: 'string' },
    diff: { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    output: { type: 'string', short: 'o' },
    json,
    help,
  });
  if (values.help) return { command: 'help' };
  const file = singleFile(positionals, 'lower');
  return {
    command: 'lower',
    file,
    model: values.model,
    layer: values.layer,
    mode: lowerMode(values.mode, values.layer !== undefined),
    output: lowerOutput(values.diff, values.write, values.output, values.json),
    json: values.json,
  };
}

function parseRules(args: string[]): Invocation {
  const { values, positionals } = parse(args, { json, help });
  if (values.help) return { command: 'help' };
  if (positionals.length > 0) throw usageError(`rules takes no arguments (got "${positionals[0]}")`);
  return { command: 'rules', json: values.json };
}

function parseVerify(args: string[]): Invocation {
  const { values, positionals } = parse(args, {
    model: { type: 'string' },
    python: { type: 'string' },
    json,
    help,
  });
  if (values.help) return { command: 'help' };
  return {
    command: 'verify',
    file: singleFile(positionals, 'verify'),
    model: values.model,
    python: values.python ?? 'python3',
    json: values.json,
  };
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(error instanceof Error ? error.message : String(error));
  }
}

function singleFile(positionals: string[], command: string): string {
  if (positionals.length === 0) throw usageError(`${command} needs a FILE`);
  if (positionals.length > 1) throw usageError(`${command} takes one FILE (got ${positionals.length})`);
  return positionals[0]!;
}

/** Module mode by default; a single layer (`--layer`) is lowered in layer mode unless `--mode` says otherwise. */
function lowerMode(mode: string | undefined, singleLayer: boolean): LowerMode {
  if (mode === undefined) return singleLayer ? 'layer' : 'module';
  if (mode === 'layer' || mode === 'module') return mode;
  throw usageError(`--mode must be "layer" or "module" (got "${mode}")`);
}

function lowerOutput(diff: boolean, write: boolean, path: string | undefined, json: boolean): LowerOutput {
  const chosen = [diff && '--diff', write && '--write', path !== undefined && '-o'].filter(Boolean);
  if (chosen.length > 1)
    throw usageError(`choose one of --diff, --write and -o (got ${chosen.join(' and ')})`);
  if (diff && json) throw usageError('--diff and --json cannot be combined');
  if (diff) return { to: 'diff' };
  if (write) return { to: 'inPlace' };
  if (path !== undefined) return { to: 'file', path };
  return { to: 'stdout' };
}
