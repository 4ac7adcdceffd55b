// `npm run fuzz`: the long seeded campaign (100,000 edit steps unless told otherwise) against dist/server.js.
// Goes on past failures and prints each shrunk counterexample, the counts and the latency percentiles.
// Usage: npm run fuzz -- [--steps N] [--seed S]
import { fuzzCampaign, type CampaignResult } from './campaign.ts';
import { formatLatencies } from './stats.ts';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

function report(result: CampaignResult): string {
  const { counts } = result;
  return [
    `${counts.steps} steps in ${counts.runs} runs (${result.seconds.toFixed(0)} s): ${counts.layerHovers} layer hovers, ` +
      `${counts.actionsResolved} actions resolved, ${counts.editsApplied} edits applied, ${counts.editsUndone} undone, ` +
      `${counts.staleRefused} stale lowerings refused, ${counts.restarts} server restarts, ${result.failures.length} failures`,
    formatLatencies(result.latencies),
  ].join('\n');
}

async function main(): Promise<void> {
  const seed = option('seed', 20250101);
  const steps = option('steps', 100_000);
  let lastPrint = 0;
  const result = await fuzzCampaign({
    seed,
    steps,
    maxStepsPerRun: 60,
    runsPerBatch: 20,
    batchTimeLimitMs: 60_000,
    stopOnFailure: false,
    onFailure: (failure) =>
      console.log(
        `\nFAILURE (seed ${failure.seed}): ${failure.error}\ncounterexample: ${failure.counterexample}`,
      ),
    onBatch: (progress) => {
      if (progress.counts.steps - lastPrint < 5000) return;
      lastPrint = progress.counts.steps;
      console.log(`… ${progress.counts.steps} steps, ${progress.failures.length} failures`);
    },
  });
  for (const failure of result.failures)
    console.log(
      `\nFAILURE (seed ${failure.seed}): ${failure.error}\ncounterexample: ${failure.counterexample}`,
    );
  console.log(`\nseed ${seed}\n${report(result)}`);
  process.exitCode = result.failures.length === 0 ? 0 : 1;
}

void main();
