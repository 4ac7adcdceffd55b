// Timing helpers: repeated samples, medians and percentiles.
import { percentile } from '../test/fuzz/stats.ts';

export async function samples(count: number, run: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

export function median(sorted: readonly number[]): number {
  return percentile(sorted, 0.5);
}

export function p99(sorted: readonly number[]): number {
  return percentile(sorted, 0.99);
}
