// Latency percentiles and the fuzz report's lines.
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

export interface LatencyRow {
  method: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function latencyRows(latencies: ReadonlyMap<string, readonly number[]>): LatencyRow[] {
  return [...latencies].map(([method, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return {
      method,
      count: sorted.length,
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1] ?? NaN,
    };
  });
}

export function formatLatencies(latencies: ReadonlyMap<string, readonly number[]>): string {
  const rows = latencyRows(latencies).map(
    (row) =>
      `| ${row.method} | ${row.count} | ${row.p50.toFixed(2)} | ${row.p99.toFixed(2)} | ${row.max.toFixed(2)} |`,
  );
  return ['| request | count | p50 ms | p99 ms | max ms |', '|---|---|---|---|---|', ...rows].join('\n');
}
