// Webview security: a file whose names and strings are HTML, script and `javascript:` URLs, rendered by the
// panel's real HTML and script in headless Chromium. Nothing injected may run and the CSP must never fire.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { PanelData } from '../../server/src/protocol.ts';
import { PanelPage, panelDataFor, screenshotDir } from './harness.ts';

const scriptTag = `</script><script>window.__pwned.push('script')</script>`;
const imgTag = `<img src=x onerror=window.__pwned.push('img')>`;
const jsUrl = `javascript:window.__pwned.push('href')`;
const svgTag = `<svg onload=window.__pwned.push('svg')>`;
const longName = `layer_${'w'.repeat(4000)}`;
const hostileFileName = `</title><script>window.__pwned.push('title')</script><img src=x onerror=alert(1)>.py`;

// Double-quoted Python strings hold the payloads, which therefore contain no double quote.
const py = (text: string) => `"${text}"`;
const hostileSource = `import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(4, name=${py(scriptTag)}),
    layers.Dense(4, name=${py(imgTag)}),
    layers.Dense(3, name=${py(jsUrl)}, activation=${py(svgTag)}),
    layers.Dense(2, name=${py(longName)}),
], name=${py(`${imgTag}${scriptTag}`)})
`;

let panel: PanelPage;
let data: PanelData;

before(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  data = await panelDataFor(hostileSource, `file:///work/${encodeURIComponent(hostileFileName)}`);
  panel = await PanelPage.open(hostileFileName);
  await panel.waitForSent('ready');
  await panel.send({ type: 'data', data, fileName: hostileFileName });
  await panel.page.locator('tr.row').first().waitFor();
});

after(async () => {
  await panel?.close();
});

test('the hostile fixture reaches the panel: its names and reasons carry the payloads', () => {
  const rows = data.models[0]!.layers;
  assert.deepEqual(
    rows.map((row) => row.name),
    [scriptTag, imgTag, jsUrl, longName],
    'the engine keeps the names as written',
  );
  const activationRow = rows.find((row) => row.name === jsUrl)!;
  assert.ok(activationRow.source.includes(svgTag));
});

test('no injected script ran in any tab, no CSP violation fired, and the payloads show as text', async () => {
  for (const tab of ['layers', 'graph', 'diff']) {
    await panel.page.locator(`button.tab[data-tab="${tab}"]`).click();
    await panel.page.locator(`button.tab[data-tab="${tab}"][aria-selected="true"]`).waitFor();
  }
  const request = await panel.waitForSent('showDiff');
  await panel.send({
    type: 'diff',
    choice: { ...request.choice, title: `${scriptTag}${imgTag}` },
    result: {
      ok: true,
      version: 1,
      original: hostileSource,
      lowered: `${hostileSource}# ${scriptTag}\n# ${imgTag}\n`,
      safe: false,
      notes: [svgTag, jsUrl],
    },
  });
  await panel.page.locator('.hunks .line.added', { hasText: imgTag }).waitFor();
  await panel.page.locator('button.tab[data-tab="layers"]').click();
  await panel.page.locator('tr.row').first().waitFor();
  await panel.screenshot('hostile');

  const record = await panel.record();
  assert.deepEqual(record.pwned, [], 'no payload ran');
  assert.deepEqual(record.violations, [], 'no CSP violation fired');
  const page = panel.page;
  assert.equal(await page.locator('script').count(), 1, 'only the nonce-carrying panel script');
  assert.equal(
    await page.locator('img, iframe, object, embed, a[href]').count(),
    0,
    'no element came from a payload',
  );
  assert.equal(await page.locator('svg[onload], [onerror]').count(), 0);
  assert.equal(
    await page.title(),
    `Keras Lower: ${hostileFileName}`,
    'the title is the escaped file name, as text',
  );
  const text = await page.locator('#root').innerText();
  for (const payload of [scriptTag, imgTag, jsUrl])
    assert.ok(text.includes(payload), `${payload} shown as text`);
});

test('the very long name is shown whole without breaking the layout', async () => {
  const cell = panel.page.locator('tr.row td.name').filter({ hasText: 'wwww' });
  assert.equal((await cell.innerText()).includes(longName), true);
  const table = await panel.page.locator('table.rows').boundingBox();
  assert.ok(table && table.width <= 1200, `the table fits the panel (width ${table?.width})`);
});
