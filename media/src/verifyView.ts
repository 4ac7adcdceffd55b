// The panel's verification section: what "Keras Lower: Verify Lowering" measured, per model and layer.
import type { VerifyModeReport, VerifyReport, VerifyRow } from '../../server/src/protocol.ts';
import { h, icon } from './dom.ts';

export function verifyView(report: VerifyReport): HTMLElement {
  const title = h('h3', {}, icon('beaker'), ' Verification');
  if (report.error)
    return h('section', { class: 'verification failed' }, title, h('pre', {}, report.error.message));
  const versions = `TensorFlow ${report.tensorflow ?? '?'}, Keras ${report.keras ?? '?'} (${report.python})`;
  return h(
    'section',
    { class: 'verification' },
    title,
    h('p', { class: 'versions' }, versions),
    ...report.models.map((model) =>
      h(
        'div',
        { class: 'verified-model' },
        h('h4', {}, `model ${model.variable}`),
        model.error ? h('pre', {}, model.error) : null,
        modeView('Layer mode', model.layerMode, model.layerMode?.layers),
        modeView('Module mode', model.moduleMode, model.moduleMode?.outputs),
      ),
    ),
  );
}

function modeView(
  title: string,
  mode: VerifyModeReport | undefined,
  rows: VerifyRow[] | undefined,
): HTMLElement | null {
  if (!mode) return null;
  if (mode.refused) return h('p', {}, `${title}: not lowered (${mode.refused})`);
  if (mode.error) return h('div', {}, h('p', {}, `${title}: failed to run`), h('pre', {}, mode.error));
  // A layer left as Keras was compared with itself: no tick, since it proves nothing about a lowering.
  const lowered = (rows ?? []).some((row) => row.lowered !== false);
  const verdict = !lowered ? 'nothing lowered' : mode.ok ? 'matches Keras' : 'differs from Keras';
  return h(
    'table',
    { class: 'rows verify-rows', 'aria-label': title },
    h('caption', {}, `${title}: ${verdict}`),
    h(
      'tr',
      {},
      h('th', {}, ''),
      h('th', {}, 'Layer'),
      h('th', {}, 'Class'),
      h('th', {}, 'Worst abs'),
      h('th', {}, 'Worst rel'),
    ),
    ...(rows ?? []).map((row) =>
      row.lowered === false
        ? h(
            'tr',
            { class: 'verify-skip' },
            h('td', {}, icon('circle-slash')),
            h('td', {}, row.layer),
            h('td', {}, row.class ?? ''),
            h('td', { colspan: '2' }, 'not lowered'),
          )
        : h(
            'tr',
            { class: row.ok ? 'verify-ok' : 'verify-fail' },
            h('td', {}, icon(row.ok ? 'pass' : 'error')),
            h('td', {}, row.layer),
            h('td', {}, row.class ?? ''),
            h('td', {}, errorText(row.abs)),
            h('td', {}, row.problem ? `${errorText(row.rel)} (${row.problem})` : errorText(row.rel)),
          ),
    ),
  );
}

function errorText(value: number | null): string {
  return value === null ? '–' : value.toExponential(2);
}
