// The Graph tab: each model as an SVG graph laid out by dagre, with output shapes on the edges, like
// `keras.utils.plot_model(model, show_shapes=True)`.
import dagre from '@dagrejs/dagre';
import type { PanelModel, PanelRow } from '../../server/src/protocol.ts';
import { h, svg } from './dom.ts';
import { formatShape } from './format.ts';

const charWidth = 7.2;
const nodeHeight = 34;
const labelHeight = 16;
const margin = 12;
/** Longer node labels are cut (the full name is the node's tooltip) so one huge name cannot blow up the graph. */
const maxLabelLength = 48;

export function graphView(models: PanelModel[], onReveal: (layerId: string) => void): HTMLElement {
  if (models.length === 0) return h('p', { class: 'empty' }, 'No Keras model found in this file.');
  return h(
    'div',
    { class: 'graphs' },
    ...models.map((model) =>
      h(
        'section',
        { class: 'model' },
        h('h2', {}, h('code', {}, model.variable)),
        modelGraph(model, onReveal),
      ),
    ),
  );
}

/** Edges from each row's `connectedTo`; Sequential rows carry none and chain in order. */
export function modelEdges(model: PanelModel): Array<{ from: PanelRow; to: PanelRow }> {
  const byName = new Map(model.layers.map((row) => [row.name, row]));
  const edges: Array<{ from: PanelRow; to: PanelRow }> = [];
  model.layers.forEach((row, index) => {
    if (model.class === 'Sequential') {
      const previous = model.layers[index - 1];
      if (previous) edges.push({ from: previous, to: row });
      return;
    }
    for (const input of row.connectedTo) {
      const from = byName.get(producerName(input));
      if (from) edges.push({ from, to: row });
    }
  });
  return edges;
}

/** `conv2d[0][0]` (Keras's summary: layer, node, tensor) or a bare `conv2d` names the producing layer. */
function producerName(connection: string): string {
  return connection.replace(/(\[\d+\])+$/, '');
}

function modelGraph(model: PanelModel, onReveal: (layerId: string) => void): SVGElement {
  const graph = new dagre.graphlib.Graph<{ row: PanelRow }>();
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, marginx: margin, marginy: margin });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const row of model.layers) {
    const label = nodeLabel(row);
    graph.setNode(row.id, { row, label, width: label.length * charWidth + 24, height: nodeHeight });
  }
  for (const { from, to } of modelEdges(model)) {
    const label = formatShape(from.outputShape);
    graph.setEdge(from.id, to.id, {
      label,
      width: label.length * charWidth,
      height: labelHeight,
      labelpos: 'c',
    });
  }
  dagre.layout(graph);
  const { width = 0, height = 0 } = graph.graph();
  const root = svg('svg', {
    class: 'graph',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': `graph of model ${model.variable}`,
  });
  root.append(arrowMarker());
  for (const edgeId of graph.edges()) {
    const edge = graph.edge(edgeId);
    const points = edge.points.map((point) => `${point.x},${point.y}`).join(' ');
    root.append(
      svg('polyline', { class: 'edge', points, 'marker-end': 'url(#arrow)' }),
      svg(
        'text',
        { class: 'edge-label', x: edge.x ?? 0, y: (edge.y ?? 0) + 4, 'text-anchor': 'middle' },
        edge.label ?? '',
      ),
    );
  }
  for (const id of graph.nodes()) {
    const node = graph.node(id);
    const group = svg(
      'g',
      {
        class: `node status-${node.row.status}`,
        'data-layer-id': id,
        transform: `translate(${node.x},${node.y})`,
      },
      svg('rect', { x: -node.width / 2, y: -node.height / 2, width: node.width, height: node.height, rx: 4 }),
      svg('title', {}, `${node.row.name} (${node.row.class})`),
      svg('text', { 'text-anchor': 'middle', y: 5 }, node.label ?? ''),
    );
    group.addEventListener('click', () => onReveal(id));
    root.append(group);
  }
  return root;
}

function nodeLabel(row: PanelRow): string {
  const label = `${row.name}: ${row.class}`;
  return label.length > maxLabelLength ? `${label.slice(0, maxLabelLength - 1)}…` : label;
}

function arrowMarker(): SVGElement {
  return svg(
    'defs',
    {},
    svg(
      'marker',
      {
        id: 'arrow',
        viewBox: '0 0 10 10',
        refX: 10,
        refY: 5,
        markerWidth: 8,
        markerHeight: 8,
        orient: 'auto',
      },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }),
    ),
  );
}
