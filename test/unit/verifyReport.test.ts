// How a verify report reads: a layer left as Keras is "not lowered" (never a pass), a model that could not be
// built is one line, and a report passes only when something lowered was compared and matched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verificationPassed, verifyReportText } from '../../server/src/core/verify/report.ts';
import type { VerifyReport, VerifyRow } from '../../server/src/core/verify/types.ts';

const row = (layer: string, extra: Partial<VerifyRow> = {}): VerifyRow => ({
  layer,
  class: 'Dense',
  ok: true,
  abs: 0,
  rel: 0,
  ...extra,
});

const report = (models: VerifyReport['models']): VerifyReport => ({
  python: 'python3',
  tensorflow: '2.21.0',
  keras: '3.15.1',
  models,
});

describe('verify report', () => {
  it('a layer left as Keras reads "not lowered" and a mode of only such layers proves nothing', () => {
    const onlyKeras = report([
      { variable: 'model', layerMode: { ok: false, layers: [row('dense', { lowered: false })] } },
    ]);
    assert.equal(verificationPassed(onlyKeras), false);
    const text = verifyReportText(onlyKeras);
    assert.match(text, /layer mode: nothing lowered/);
    const mixed = report([
      {
        variable: 'model',
        layerMode: { ok: true, layers: [row('dense', { lowered: false }), row('dense_1')] },
      },
    ]);
    assert.equal(verificationPassed(mixed), true);
    assert.match(verifyReportText(mixed), /-- {3}dense {24}Dense {18}not lowered\n {4}ok {3}dense_1/);
  });

  it('a model that was not built is one line and fails the report, the others are still listed', () => {
    const text = verifyReportText(
      report([
        {
          variable: 'wide',
          error: 'could not verify: `width` comes from data keras-lower cannot follow (line 7)',
          errorKind: 'unverifiable',
        },
        { variable: 'small', seconds: 1.25, layerMode: { ok: true, layers: [row('dense')] } },
      ]),
    );
    assert.match(text, /model `wide`\n {2}could not verify: `width` comes from data/);
    assert.match(text, /model `small` \(1\.3 s\)\n {2}layer mode: matches Keras/);
    assert.match(text, /NOT verified/);
  });

  it('the sizes the slice filled in for values read at run time are stated above the verdict', () => {
    const assumed = ['`num_classes` (line 4) with 32 for `len(class_names)`'];
    const text = verifyReportText(
      report([{ variable: 'model', assumed, layerMode: { ok: true, layers: [row('dense')] } }]),
    );
    assert.match(
      text,
      /model `model`\n {2}sizes read at run time, filled in: `num_classes` \(line 4\) with 32 for `len\(class_names\)`\n {2}layer mode: matches Keras/,
    );
  });
});
