// The `keras-lower` command line. Bundled to dist/cli.js, beside the tree-sitter wasm files.
import { initParser } from '../core/index.ts';
import { parseInvocation, type Invocation } from './args.ts';
import { lowerCommand } from './commands/lower.ts';
import { rulesCommand } from './commands/rules.ts';
import { summaryCommand } from './commands/summary.ts';
import { verifyCommand } from './commands/verify.ts';
import { CliError, ExitCode } from './errors.ts';
import { helpText } from './help.ts';

async function run(invocation: Invocation): Promise<string> {
  if (invocation.command === 'help') return helpText;
  await initParser(__dirname);
  switch (invocation.command) {
    case 'summary':
      return summaryCommand(invocation.file, invocation.model, invocation.json);
    case 'lower':
      return lowerCommand(invocation);
    case 'rules':
      return rulesCommand(invocation.json);
    case 'verify':
      return verifyCommand(invocation, __dirname);
  }
}

async function main(): Promise<void> {
  try {
    process.stdout.write(await run(parseInvocation(process.argv.slice(2))));
  } catch (error) {
    if (error instanceof CliError) {
      const hint = error.exitCode === ExitCode.usage ? ' (see keras-lower --help)' : '';
      process.stderr.write(`keras-lower: ${error.message}${hint}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(
        `keras-lower: internal error: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = ExitCode.internal;
    }
  }
}

void main();
