// The Layers tab: one row per layer, Keras source beside its TensorFlow ops, with shape, params and status.
import type { PanelModel, PanelRow } from '../../server/src/protocol.ts';
import { h, icon, prose } from './dom.ts';
import { formatCount, formatShape } from './format.ts';

const statusIcons: Record<PanelRow['status'], string> = {
  exact: 'pass',
  differs: 'warning',
  refused: 'error',
  unknown: 'question',
};

export function layersView(models: PanelModel[], onReveal: (layerId: string) => void): HTMLElement {
  if (models.length === 0) return h('p', { class: 'empty' }, 'No Keras model found in this file.');
  return h('div', { class: 'models' }, ...models.map((model) => modelTable(model, onReveal)));
}

function modelTable(model: PanelModel, onReveal: (layerId: string) => void): HTMLElement {
  const header = h(
    'tr',
    {},
    ...['Layer (type)', 'Keras', 'TensorFlow', 'Output shape', 'Params', 'Status'].map((title) =>
      h('th', { scope: 'col' }, title),
    ),
  );
  return h(
    'section',
    { class: model.stale === undefined ? 'model' : 'model stale' },
    h(
      'h2',
      {},
      h('code', {}, model.variable),
      ` — "${model.name}" (${model.class}), ${formatCount(model.totalParams)} params`,
    ),
    // While lines that build the model do not parse, its rows are the last good analysis: say so first.
    model.stale !== undefined && h('p', { class: 'stale-note' }, icon('history'), ` ${model.stale}`),
    h(
      'table',
      { class: 'rows' },
      h('thead', {}, header),
      h('tbody', {}, ...model.layers.map((row) => layerRow(row, onReveal))),
    ),
  );
}

function layerRow(row: PanelRow, onReveal: (layerId: string) => void): HTMLElement {
  const tr = h(
    'tr',
    { class: `row status-${row.status}`, 'data-layer-id': row.id, tabindex: '0' },
    h('td', { class: 'name' }, h('span', {}, row.name), h('span', { class: 'class' }, ` (${row.class})`)),
    h('td', { class: 'keras' }, h('pre', {}, h('code', {}, row.source))),
    h(
      'td',
      { class: 'tf' },
      row.ops ? h('pre', {}, h('code', {}, row.ops)) : h('span', { class: 'muted' }, '—'),
    ),
    h('td', { class: 'shape' }, h('code', {}, formatShape(row.outputShape))),
    h('td', { class: 'params' }, formatCount(row.params)),
    h(
      'td',
      { class: 'status' },
      h('span', { class: 'badge' }, icon(statusIcons[row.status]), ` ${row.status}`),
      row.reasons.length > 0 &&
        h('ul', { class: 'reasons' }, ...row.reasons.map((reason) => h('li', {}, prose(reason.message)))),
    ),
  );
  tr.addEventListener('click', () => onReveal(row.id));
  tr.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') onReveal(row.id);
  });
  return tr;
}

/** Marks the row of the layer under the editor's cursor and scrolls it into view. */
export function highlightRow(root: HTMLElement, layerId: string | null): void {
  for (const row of root.querySelectorAll<HTMLElement>('tr.row')) {
    const current = row.dataset.layerId === layerId;
    row.classList.toggle('current', current);
    if (current) row.scrollIntoView({ block: 'nearest' });
  }
}
