// The CLI's failures: each kind has its own exit code (listed in `keras-lower --help`) and a one-line message.
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  fileNotFound: 3,
  notPython: 4,
  syntaxError: 5,
  noModel: 6,
  refused: 7,
  notVerified: 8,
  cannotVerify: 9,
  notAFile: 10,
  unreadable: 11,
  cannotWrite: 12,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(ExitCode.usage, message);
