// A Playwright pass over the real workbench with the installed extension: what a user does and sees. Each
// step is one check; the first failure fails the rest. Screenshots land in test-results/e2e/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openBrowser, workbenchUrl } from './browser.ts';

interface TourOptions {
  url: string;
  workspace: string;
  tmpDir: string;
  screenshots: string;
}

type Step = [name: string, run: (page: Page) => Promise<void>];

export async function runWorkbenchTour(options: TourOptions): Promise<{ passed: number; failed: number }> {
  mkdirSync(options.screenshots, { recursive: true });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(options.screenshots, `${name}.png`) });
  const panel = (page: Page): FrameLocator =>
    page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const palette = async (page: Page, command: string) => {
    await page.keyboard.press('Control+Shift+P');
    const input = page.locator('.quick-input-widget input');
    await input.fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  };

  const openFile = async (page: Page, name: string) => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').fill(name);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: name }).waitFor();
  };

  const steps: Step[] = [
    [
      'the workbench opens the workspace',
      async (page) => {
        await page.goto(workbenchUrl(options.url, options.workspace));
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
        // Room for the editor and the panel side by side in the screenshots.
        await page.keyboard.press('Control+B');
        await page.locator('[id="workbench.parts.sidebar"]').waitFor({ state: 'hidden' });
      },
    ],
    [
      'seed_cnn.py opens with a shape hint after each layer',
      async (page) => {
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill('seed_cnn.py');
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: 'seed_cnn.py' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
        const lines = page.locator('.editor-instance .monaco-editor .view-lines');
        await lines.locator('.view-line', { hasText: 'Conv2D' }).waitFor();
        await lines.getByText('(None, 26, 26, 32)').first().waitFor({ timeout: 30_000 });
      },
    ],
    [
      'hover on Conv2D shows the TensorFlow ops',
      async (page) => {
        // Line 6 is `  keras.layers.Conv2D(32, ...`: put the caret inside `Conv2D` and ask for the hover.
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'tf.nn.convolution' });
        const deadline = Date.now() + 30_000;
        while (!(await hover.isVisible())) {
          if (Date.now() > deadline) throw new Error('no hover with tf.nn.convolution');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+G');
          await page.locator('.quick-input-widget input').fill(':6:18');
          await page.keyboard.press('Enter');
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
          await hover.waitFor({ timeout: 3_000 }).catch(() => undefined);
        }
        await shot(page, 'hover');
        await page.keyboard.press('Escape');
      },
    ],
    [
      'the editor title button opens the side-by-side panel with one row per layer',
      async (page) => {
        await page.locator('.editor-actions a.action-label[aria-label*="Open Side-by-Side"]').first().click();
        const rows = panel(page).locator('tr.row');
        await rows.nth(3).waitFor({ timeout: 30_000 });
        assert.equal(await rows.count(), 4);
        const dense = panel(page).locator('tr.row[data-layer-id="model/dense"]');
        assert.equal(await dense.locator('td.shape').innerText(), '(None, 10)');
        assert.equal(await dense.locator('td.params').innerText(), '54,090');
        assert.match(await dense.locator('td.tf').innerText(), /tf\.matmul/);
      },
    ],
    [
      'clicking a row moves the editor cursor to the layer; the cursor highlights its row',
      async (page) => {
        await panel(page).locator('tr.row[data-layer-id="model/dense"] td.name').click();
        await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 9,' }).waitFor();
        await panel(page).locator('tr.row.current[data-layer-id="model/dense"]').waitFor();
        await shot(page, 'side-by-side');
      },
    ],
    [
      'the graph tab draws the model with shapes on its edges',
      async (page) => {
        await panel(page).locator('button.tab[data-tab="graph"]').click();
        await panel(page).locator('svg.graph g.node').nth(3).waitFor();
        await panel(page).locator('svg.graph text.edge-label', { hasText: '(None, 5408)' }).waitFor();
        await shot(page, 'panel-graph');
      },
    ],
    [
      'the diff tab shows the lowering as a unified diff with Apply',
      async (page) => {
        await panel(page).locator('button.tab[data-tab="diff"]').click();
        await panel(page).locator('.hunks .line.added').first().waitFor({ timeout: 30_000 });
        await panel(page).locator('button.apply').waitFor();
        await shot(page, 'panel-diff');
      },
    ],
    [
      'the panel comes back after a window reload',
      async (page) => {
        // What a user runs: the workbench shuts down properly (saving its editors) and loads again.
        await palette(page, 'Developer: Reload Window');
        await page.waitForEvent('load', { timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await panel(page).locator('.hunks .line.added, tr.row').first().waitFor({ timeout: 60_000 });
      },
    ],
    [
      'Keras Lower: Preview Diff opens the diff editor',
      async (page) => {
        await page
          .locator('.editor-instance .monaco-editor .view-line', { hasText: 'Conv2D' })
          .first()
          .click();
        await palette(page, 'Keras Lower: Preview Diff');
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: 'all layers in file' })
          .first()
          .waitFor();
        await page.keyboard.press('Enter');
        await page
          .locator('.monaco-diff-editor .view-line', { hasText: 'TfConv2D' })
          .first()
          .waitFor({ timeout: 30_000 });
        await shot(page, 'preview-diff');
      },
    ],
    [
      'Apply in the panel makes the previewed edit in the file',
      async (page) => {
        await panel(page).locator('button.tab[data-tab="diff"]').click();
        await panel(page).locator('button.apply').click();
        await panel(page).locator('.status', { hasText: 'Applied: ' }).waitFor({ timeout: 30_000 });
        await page
          .locator('.tab', { hasText: /^seed_cnn\.py/ })
          .first()
          .click();
        await page
          .locator('.editor-instance .monaco-editor .view-line', { hasText: 'TfConv2D(' })
          .first()
          .waitFor();
      },
    ],
    [
      'Ctrl+. on a refused layer says why in the Quick Fix menu',
      async (page) => {
        await openFile(page, 'refused_constraint.py');
        const menu = page.locator('.action-widget', { hasText: 'refused: kernel_constraint="non_neg"' });
        const deadline = Date.now() + 30_000;
        while (!(await menu.isVisible())) {
          if (Date.now() > deadline) throw new Error('no Quick Fix entry saying why dense is refused');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+G');
          await page.locator('.quick-input-widget input').fill(':6:14');
          await page.keyboard.press('Enter');
          await page.keyboard.press('Control+.');
          await menu.waitFor({ timeout: 3_000 }).catch(() => undefined);
        }
        await shot(page, 'quick-fix-refused');
        await page.keyboard.press('Escape');
      },
    ],
    [
      'Refactor… lists the refused layer disabled, saying why',
      async (page) => {
        const disabled = page.locator('.action-widget .option-disabled', {
          hasText: 'Keras: Lower dense (Dense) to tf.nn',
        });
        const deadline = Date.now() + 30_000;
        while (!(await disabled.isVisible())) {
          if (Date.now() > deadline) throw new Error('no disabled Dense action in Refactor…');
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+Shift+R');
          await disabled
            .first()
            .waitFor({ timeout: 3_000 })
            .catch(() => undefined);
        }
        assert.match(
          await disabled.first().innerText(),
          /— refused: kernel_constraint="non_neg": weight constraints .* not lowered yet$/,
        );
        await shot(page, 'refactor-refused');
        await page.keyboard.press('Escape');
      },
    ],
  ];

  const browser = await openBrowser(options.tmpDir);
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, run] of steps) {
      if (failed > 0) {
        console.log(`  - ${name} (not run)`);
        failed += 1;
        continue;
      }
      const started = Date.now();
      try {
        await run(browser.page);
        passed += 1;
        console.log(`  ✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        console.log(`  ✘ ${name}: ${error instanceof Error ? error.message : String(error)}`);
        await shot(browser.page, 'failure').catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  return { passed, failed };
}
