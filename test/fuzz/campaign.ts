// Seeded fuzz campaigns over the built server: batches of fast-check runs until enough edit steps are done.
// A failing batch is shrunk to a minimal counterexample and reported; the campaign may go on after it.
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fuzzer, runArbitrary, type FuzzCounts } from './fuzzer.ts';
import { LspServer, root } from './lspServer.ts';
import { pythonParser } from './parser.ts';
import { kerasProgram } from './programs.ts';

/** The project's fixture programs, the small hostile ones, and a generated multi-model file. */
export function fuzzCorpus(): string[] {
  const dirs = ['test/fixtures', 'test/fixtures/hostile'].map((dir) => join(root, dir));
  const files = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.py'))
      .map((name) => readFileSync(join(dir, name), 'utf8')),
  );
  return [...files, kerasProgram(120)];
}

export interface CampaignFailure {
  seed: number;
  counterexample: string;
  error: string;
}

export interface CampaignResult {
  counts: FuzzCounts;
  latencies: Map<string, number[]>;
  failures: CampaignFailure[];
  seconds: number;
}

export interface CampaignOptions {
  seed: number;
  steps: number;
  maxStepsPerRun?: number;
  /** Caps a batch, shrinking included; an interrupted shrink reports the smallest counterexample so far. */
  batchTimeLimitMs?: number;
  runsPerBatch?: number;
  /** Stop at the first failing batch (the test suite) or go on (the long run). */
  stopOnFailure: boolean;
  onBatch?: (result: CampaignResult) => void;
  onFailure?: (failure: CampaignFailure) => void;
}

export async function fuzzCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = performance.now();
  const latencies = new Map<string, number[]>();
  const fuzzer = new Fuzzer(await LspServer.start({ latencies }), await pythonParser(), fuzzCorpus());
  const failures: CampaignFailure[] = [];
  const result = () => ({
    counts: fuzzer.counts,
    latencies,
    failures,
    seconds: (performance.now() - started) / 1000,
  });
  try {
    for (let batch = 0; fuzzer.counts.steps < options.steps; batch++) {
      const seed = options.seed + batch;
      const details = await fc.check(
        fc.asyncProperty(runArbitrary(options.maxStepsPerRun ?? 40), (run) => fuzzer.run(run)),
        {
          seed,
          numRuns: options.runsPerBatch ?? 10,
          ...(options.batchTimeLimitMs ? { interruptAfterTimeLimit: options.batchTimeLimitMs } : {}),
        },
      );
      if (details.failed) {
        const failure = {
          seed,
          counterexample: JSON.stringify(details.counterexample),
          error: String(details.errorInstance),
        };
        failures.push(failure);
        options.onFailure?.(failure);
        if (options.stopOnFailure) break;
      }
      options.onBatch?.(result());
    }
  } finally {
    await fuzzer.server.stop();
  }
  return result();
}
