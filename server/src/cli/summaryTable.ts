// A model summary laid out exactly like Keras 3's `model.summary()` (rich's heavy-head box table), at Keras's
// default width, never shrunk to the terminal.
import type { LayerInfo, ModelInfo, Shape } from '../core/index.ts';

interface Layout {
  headers: string[];
  /** Content widths: what rich settles on for Keras's column positions (88 / 108 columns in all). */
  widths: number[];
  rightAligned: boolean[];
}

const sequentialLayout: Layout = {
  headers: ['Layer (type)', 'Output Shape', 'Param #'],
  widths: [36, 27, 15],
  rightAligned: [false, false, true],
};

const branchingLayout: Layout = {
  headers: ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'],
  widths: [29, 25, 15, 26],
  rightAligned: [false, false, true, false],
};

const bytesPerParam = 4; // float32

export function formatModelSummary(model: ModelInfo): string {
  const branching = isBranching(model);
  const layout = branching ? branchingLayout : sequentialLayout;
  const rows = model.layers.map((layer) => {
    const cells = [
      `${layer.name} (${layer.class})`,
      formatOutputShape(layer.outputShape),
      formatCount(layer.params),
    ];
    return branching ? [...cells, formatConnections(layer)] : cells;
  });
  return [
    `Model: "${model.name}"`,
    ...renderTable(layout, rows),
    ` Total params: ${formatParams(model.totalParams)}`,
    ` Trainable params: ${formatParams(model.trainableParams)}`,
    ` Non-trainable params: ${formatParams(model.nonTrainableParams)}`,
  ].join('\n');
}

/**
 * Keras adds the "Connected to" column unless the graph is a plain chain: a layer with several inputs, a tensor
 * feeding several layers, or several model inputs all make it a branching model.
 */
function isBranching(model: ModelInfo): boolean {
  // Sequential and subclassed models print as "sequential-like": no Connected-to column.
  if (model.class !== 'Functional') return false;
  const consumers = new Map<string, number>();
  let inputs = 0;
  for (const layer of model.layers) {
    if (layer.connectedTo.length > 1) return true;
    if (layer.connectedTo.length === 0) inputs++;
    for (const source of layer.connectedTo) consumers.set(source, (consumers.get(source) ?? 0) + 1);
  }
  return inputs > 1 || [...consumers.values()].some((count) => count > 1);
}

function renderTable(layout: Layout, rows: string[][]): string[] {
  const rule = (left: string, fill: string, join: string, right: string) =>
    left + layout.widths.map((width) => fill.repeat(width + 2)).join(join) + right;
  const lines = [
    rule('┏', '━', '┳', '┓'),
    ...renderRow(layout, layout.headers, '┃'),
    rule('┡', '━', '╇', '┩'),
  ];
  rows.forEach((row, index) => {
    if (index > 0) lines.push(rule('├', '─', '┼', '┤'));
    lines.push(...renderRow(layout, row, '│'));
  });
  lines.push(rule('└', '─', '┴', '┘'));
  return lines;
}

/** One table row, as many lines tall as its most wrapped cell. */
function renderRow(layout: Layout, cells: string[], border: string): string[] {
  const wrapped = cells.map((cell, column) => wrap(cell, layout.widths[column]!));
  const height = Math.max(...wrapped.map((lines) => lines.length));
  const lines: string[] = [];
  for (let line = 0; line < height; line++) {
    const parts = wrapped.map((cellLines, column) => {
      const text = cellLines[line] ?? '';
      const width = layout.widths[column]!;
      return layout.rightAligned[column] ? text.padStart(width) : text.padEnd(width);
    });
    lines.push(`${border} ${parts.join(` ${border} `)} ${border}`);
  }
  return lines;
}

/** Rich's word wrap: greedy at spaces; a word longer than the column is cut with an ellipsis. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const fitted = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    if (current && current.length + 1 + fitted.length <= width) current += ` ${fitted}`;
    else {
      if (current) lines.push(current);
      current = fitted;
    }
  }
  lines.push(current);
  return lines;
}

export function formatShape(shape: Shape): string {
  return `(${shape.map((dim) => (dim === null ? 'None' : String(dim))).join(', ')})`;
}

function formatOutputShape(outputShape: LayerInfo['outputShape']): string {
  if (outputShape === null) return '?';
  if (outputShape.length > 0 && outputShape.every(Array.isArray)) {
    return `[${(outputShape as Shape[]).map(formatShape).join(', ')}]`;
  }
  return formatShape(outputShape as Shape);
}

/** Keras names a tensor `layer[node][tensor]`; the engine gives layer names (every layer is called once). */
function formatConnections(layer: LayerInfo): string {
  if (layer.connectedTo.length === 0) return '-';
  return layer.connectedTo.map((source) => (source.includes('[') ? source : `${source}[0][0]`)).join(', ');
}

function formatCount(count: number | null): string {
  return count === null ? '?' : count.toLocaleString('en-US');
}

function formatParams(count: number | null): string {
  return count === null ? '? (?)' : `${formatCount(count)} (${readableSize(count * bytesPerParam)})`;
}

/** Keras's `readable_memory_size`: powers of 1024, two decimals. */
export function readableSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = bytes;
  for (const unit of units) {
    if (size / 1024 < 1) return `${pythonFixed2(size)} ${unit}`;
    size /= 1024;
  }
  return `${pythonFixed2(size)} PB`;
}

/** Python's `'{:.2f}'.format(x)`: exact ties round half to even (1.125 -> "1.12"), where toFixed rounds up. */
function pythonFixed2(value: number): string {
  const hundredths = value * 100;
  const floor = Math.floor(hundredths);
  if (hundredths - floor === 0.5) return ((floor % 2 === 0 ? floor : floor + 1) / 100).toFixed(2);
  return value.toFixed(2);
}
