// The fast seeded fuzz run through the built server (a few thousand edit steps; `npm run fuzz` runs 100,000).
// Hover, inlay hints, code actions, resolved edits, apply + undo, stale versions and diagnostics are checked
// after every random edit; see test/fuzz/fuzzer.ts for the invariants.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzzCampaign } from '../fuzz/campaign.ts';
import { formatLatencies } from '../fuzz/stats.ts';

test('3,000 random edit steps: no crash, no logged failure, every answer and edit valid', async (t) => {
  const result = await fuzzCampaign({ seed: 7, steps: 3000, maxStepsPerRun: 60, stopOnFailure: true });
  t.diagnostic(`${result.counts.steps} steps in ${result.counts.runs} runs, ${result.seconds.toFixed(1)} s`);
  t.diagnostic(JSON.stringify(result.counts));
  for (const line of formatLatencies(result.latencies).split('\n')) t.diagnostic(line);
  const [failure] = result.failures;
  assert.ok(
    !failure,
    failure && `seed ${failure.seed}: ${failure.error}\ncounterexample: ${failure.counterexample}`,
  );
});
