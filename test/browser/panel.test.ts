// The side-by-side panel in real headless Chromium: rows, shapes, graph, the diff tab, messages both ways.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loweredText } from '../../server/src/lsp/panelData.ts';
import { analyzeText } from '../../server/src/core/index.ts';
import type { PanelData } from '../../server/src/protocol.ts';
import { PanelPage, panelDataFor, root, screenshotDir } from './harness.ts';

const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', name), 'utf8');
const cnnText = fixture('functional_cnn.py');
let panel: PanelPage;
let data: PanelData;

before(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  panel = await PanelPage.open('functional_cnn.py');
  data = await panelDataFor(cnnText, 'file:///work/functional_cnn.py', 7);
});

after(async () => {
  await panel?.close();
});

test('the panel says ready, then renders one row per layer with source, ops, shape, params and status', async () => {
  await panel.waitForSent('ready');
  await panel.send({ type: 'data', data, fileName: 'functional_cnn.py' });
  const rows = panel.page.locator('tr.row');
  await rows.first().waitFor();
  const layers = data.models[0]!.layers;
  assert.equal(await rows.count(), layers.length);
  const conv = panel.page.locator('tr.row[data-layer-id="model/conv2d"]');
  assert.match(await conv.locator('td.keras').innerText(), /layers\.Conv2D\(16, 3, padding="same"/);
  assert.match(await conv.locator('td.tf').innerText(), /tf\.nn\.convolution\(x, kernel/);
  assert.equal(await conv.locator('td.shape').innerText(), '(None, 32, 32, 16)');
  assert.equal(await conv.locator('td.params').innerText(), '448');
  assert.match(await conv.locator('td.status').innerText(), /exact/);
  assert.equal(
    await panel.page.locator('tr.row[data-layer-id="model/flatten"] td.shape').innerText(),
    '(None, 1568)',
  );
  assert.match(
    await panel.page.locator('h2').first().innerText(),
    /model — "functional" \(Functional\), [\d,]+ params/,
  );
  await panel.screenshot('panel-layers');
});

test('clicking a row asks the editor to reveal the layer; the cursor message highlights a row', async () => {
  await panel.page.locator('tr.row[data-layer-id="model/dense"]').click();
  const reveal = await panel.waitForSent('reveal');
  assert.deepEqual(reveal, { type: 'reveal', layerId: 'model/dense' });
  await panel.send({ type: 'cursor', layerId: 'model/max_pooling2d' });
  await panel.page.locator('tr.row.current[data-layer-id="model/max_pooling2d"]').waitFor();
  assert.equal(await panel.page.locator('tr.row.current').count(), 1);
});

test('the graph tab draws every layer and labels each edge with the shape flowing along it', async () => {
  await panel.page.locator('button.tab[data-tab="graph"]').click();
  const nodes = panel.page.locator('svg.graph g.node');
  await nodes.first().waitFor();
  assert.equal(await nodes.count(), data.models[0]!.layers.length);
  const edgeLabels = await panel.page.locator('svg.graph text.edge-label').allTextContents();
  assert.equal(edgeLabels.length, data.models[0]!.layers.length - 1, 'a chain of layers has one edge fewer');
  assert.ok(edgeLabels.includes('(None, 32, 32, 3)'), `edge labels: ${edgeLabels.join(' | ')}`);
  assert.ok(edgeLabels.includes('(None, 1568)'));
  const box = await panel.page.locator('svg.graph').boundingBox();
  assert.ok(box && box.height > 200, 'the layout spreads the nodes out');
  await panel.page.locator('svg.graph g.node[data-layer-id="model/flatten"]').click();
  assert.deepEqual(await panel.waitForSent('reveal'), { type: 'reveal', layerId: 'model/flatten' });
  await panel.screenshot('panel-graph');
});

test('the diff tab asks for the first lowering, renders its unified diff and applies it for that version', async () => {
  await panel.page.locator('button.tab[data-tab="diff"]').click();
  const request = await panel.waitForSent('showDiff');
  assert.equal(request.version, 7);
  assert.deepEqual(request.choice, data.choices[0]);
  const options = await panel.page.locator('select.choice option').allInnerTexts();
  assert.deepEqual(
    options,
    data.choices.map((choice) => choice.title),
  );
  const result = loweredText(analyzeText(cnnText, 7), request.choice.target, request.choice.mode);
  assert.ok(result.ok);
  await panel.send({ type: 'diff', choice: request.choice, result });
  const added = panel.page.locator('.hunks .line.added');
  await added.first().waitFor();
  assert.ok((await added.count()) > 5);
  assert.match((await added.allInnerTexts()).join('\n'), /tf\./);
  await panel.screenshot('panel-diff');
  await panel.page.locator('button.apply').click();
  assert.deepEqual(await panel.waitForSent('apply'), { type: 'apply', choice: request.choice, version: 7 });
  await panel.send({
    type: 'applied',
    ok: false,
    message: 'Not applied: the file changed since this diff was computed',
  });
  await panel.page.locator('.status', { hasText: 'file changed since' }).waitFor();
});

test('choosing another lowering asks for its diff; a refused lowering shows its reasons and no Apply', async () => {
  const layerChoice = data.choices.find((choice) => choice.target.kind === 'layer');
  assert.ok(layerChoice);
  await panel.page.locator('select.choice').selectOption({ label: layerChoice.title });
  const request = await panel.waitForSent('showDiff');
  assert.deepEqual(request.choice, layerChoice);
  await panel.send({
    type: 'diff',
    choice: layerChoice,
    result: {
      ok: false,
      version: 7,
      reasons: [{ message: 'refused for a test', range: data.models[0]!.range }],
    },
  });
  await panel.page.locator('.diff.refused', { hasText: 'refused for a test' }).waitFor();
  assert.equal(await panel.page.locator('button.apply').count(), 0);
});

test('the webview keeps its file and tab across reloads, and nothing violated the CSP', async () => {
  const record = await panel.record();
  assert.deepEqual(record.violations, []);
  assert.deepEqual(record.pwned, []);
  const state = await panel.page.evaluate(() =>
    (globalThis as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState(),
  );
  assert.deepEqual(state, { uri: 'file:///work/functional_cnn.py', tab: 'diff' });
});
