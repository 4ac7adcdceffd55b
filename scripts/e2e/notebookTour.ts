// A Playwright pass over a notebook in the real workbench: the .ipynb in VS Code's notebook editor (built-in
// serializer, no kernel), shape hints in its cells, a hover, the side-by-side panel following the cells, and
// the screenshot the README's Notebooks section shows (test-results/e2e/screenshots/notebook.png). Its own
// workspace folder, so the workbench restores nothing from the other tour.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { openBrowser, workbenchUrl } from './browser.ts';

interface NotebookTourOptions {
  url: string;
  /** The notebook to open; copied alone into a fresh workspace folder under `tmpDir`. */
  notebook: string;
  tmpDir: string;
  screenshots: string;
}

type Step = [name: string, run: (page: Page) => Promise<void>];

export async function runNotebookTour(
  options: NotebookTourOptions,
): Promise<{ passed: number; failed: number }> {
  mkdirSync(options.screenshots, { recursive: true });
  const workspace = join(options.tmpDir, 'notebook-workspace');
  mkdirSync(workspace, { recursive: true });
  const name = basename(options.notebook);
  copyFileSync(options.notebook, join(workspace, name));

  const shot = (page: Page, file: string) =>
    page.screenshot({ path: join(options.screenshots, `${file}.png`) });
  // The notebook editor draws its outputs in a webview of its own: the panel's is the extension's.
  const panel = (page: Page): FrameLocator =>
    page
      .frameLocator('iframe.webview.ready[src*="extensionId=keras-lower.keras-lower"]')
      .frameLocator('#active-frame');
  const palette = async (page: Page, command: string) => {
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').fill(`>${command}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor();
    await page.keyboard.press('Enter');
  };
  /** A line of a code cell's editor in the notebook, by its text. */
  const cellLine = (page: Page, text: string) =>
    page.locator('.notebook-editor .cell-editor-container .view-line', { hasText: text }).first();
  /**
   * Clicks `word` on the cell line holding `text`, scrolling the notebook down until that cell is rendered
   * (the notebook editor renders only the cells near its viewport, and re-renders them as it scrolls).
   */
  const clickInCell = async (page: Page, text: string, word: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const line = cellLine(page, text);
      if ((await line.count()) > 0) {
        const clicked = await line
          .getByText(word)
          .first()
          .click({ timeout: 3_000 })
          .then(() => true)
          .catch(() => false);
        if (clicked) return;
      }
      if (Date.now() > deadline) throw new Error(`no cell line with ${text} to click`);
      await page.mouse.move(900, 500);
      await page.mouse.wheel(0, 200);
      await page.locator('.notebook-editor .cell-list-container').first().waitFor();
    }
  };

  /**
   * Waits until the notebook has laid its cells out again after the panel took half the window: the line's
   * left edge stops moving and sits inside the notebook (mid-layout the cells are drawn scrolled sideways).
   */
  const settled = async (page: Page, text: string) => {
    const deadline = Date.now() + 10_000;
    let last: number | undefined;
    for (;;) {
      const line = await cellLine(page, text).boundingBox();
      const notebook = await page.locator('.notebook-editor').first().boundingBox();
      const left = line && notebook ? line.x - notebook.x : undefined;
      if (left !== undefined && left > 40 && left === last) return;
      if (Date.now() > deadline) throw new Error(`the notebook's layout did not settle (line at ${left})`);
      last = left;
      // One animation frame of the workbench (a string: this file is compiled without the DOM's types).
      await page.evaluate('new Promise((done) => requestAnimationFrame(() => done(true)))');
    }
  };

  const steps: Step[] = [
    [
      `${name} opens in the notebook editor`,
      async (page) => {
        await page.goto(workbenchUrl(options.url, workspace));
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
        await page.keyboard.press('Control+B');
        await page.locator('[id="workbench.parts.sidebar"]').waitFor({ state: 'hidden' });
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill(name);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.notebook-editor .cell-list-container').waitFor({ timeout: 30_000 });
      },
    ],
    [
      'the base cell shows a shape hint after each layer',
      async (page) => {
        await clickInCell(page, 'Conv2D(32', 'Conv2D');
        await page
          .locator('.notebook-editor .view-lines')
          .getByText('(None, 30, 30, 32)')
          .first()
          .waitFor({ timeout: 30_000 });
      },
    ],
    [
      'hover on Conv2D in the cell shows the TensorFlow ops',
      async (page) => {
        const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'tf.nn.convolution' });
        const deadline = Date.now() + 30_000;
        while (!(await hover.isVisible())) {
          if (Date.now() > deadline) throw new Error('no hover with tf.nn.convolution');
          await page.keyboard.press('Escape');
          await clickInCell(page, 'Conv2D(32', 'Conv2D');
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
          await hover.waitFor({ timeout: 3_000 }).catch(() => undefined);
        }
        await page.keyboard.press('Escape');
      },
    ],
    [
      'the notebook’s editor title has the Open Side-by-Side button (the notebook builds a model)',
      async (page) => {
        await page
          .locator('.editor-actions a.action-label[aria-label*="Open Side-by-Side"]')
          .first()
          .waitFor({ timeout: 30_000 });
      },
    ],
    [
      'Open Side-by-Side from a cell shows the notebook’s model: 8 rows across two cells',
      async (page) => {
        await palette(page, 'Keras Lower: Open Side-by-Side');
        const rows = panel(page).locator('tr.row');
        await rows.nth(7).waitFor({ timeout: 30_000 });
        assert.equal(await rows.count(), 8);
        const dense = panel(page).locator('tr.row[data-layer-id="model/dense"]');
        assert.equal(await dense.locator('td.shape').innerText(), '(None, 64)');
        assert.equal(await dense.locator('td.params').innerText(), '65,600');
      },
    ],
    [
      'the cursor in the head cell highlights its row in the panel',
      async (page) => {
        await clickInCell(page, 'Dense(64', 'Dense');
        await panel(page).locator('tr.row.current[data-layer-id="model/dense"]').waitFor({ timeout: 30_000 });
        await page
          .locator('.notebook-editor .view-lines')
          .getByText('(None, 1024)')
          .first()
          .waitFor({ timeout: 30_000 });
        await settled(page, 'Dense(64');
        await shot(page, 'notebook');
      },
    ],
    [
      'clicking a row moves the cursor into the base cell, at the layer',
      async (page) => {
        await panel(page).locator('tr.row[data-layer-id="model/conv2d"] td.name').click();
        await page
          .locator('.notebook-editor .monaco-editor.focused .view-line', { hasText: 'Conv2D(32' })
          .first()
          .waitFor({ timeout: 30_000 });
        await panel(page).locator('tr.row.current[data-layer-id="model/conv2d"]').waitFor();
      },
    ],
    [
      'Apply in the panel’s diff tab rewrites the base cell, and the panel shows the lowered layers',
      async (page) => {
        await panel(page).locator('button.tab[data-tab="diff"]').click();
        await panel(page).locator('.hunks .line.added').first().waitFor({ timeout: 30_000 });
        await panel(page).locator('button.apply').click();
        await panel(page).locator('.status', { hasText: 'Applied: ' }).waitFor({ timeout: 30_000 });
        // Where the notebook scrolls to differs: the cell's class on top, or its own line using the class.
        await cellLine(page, 'TfConv2D').waitFor({ timeout: 30_000 });
        // Re-analysed: the panel's rows are the lowered layers'.
        await panel(page).locator('button.tab[data-tab="layers"]').click();
        await panel(page)
          .locator('tr.row td.name', { hasText: 'TfConv2D' })
          .first()
          .waitFor({ timeout: 30_000 });
      },
    ],
  ];

  const browser = await openBrowser(options.tmpDir);
  let passed = 0;
  let failed = 0;
  try {
    for (const [step, run] of steps) {
      if (failed > 0) {
        console.log(`  - ${step} (not run)`);
        failed += 1;
        continue;
      }
      const started = Date.now();
      try {
        await run(browser.page);
        passed += 1;
        console.log(`  ✔ ${step} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        console.log(`  ✘ ${step}: ${error instanceof Error ? error.message : String(error)}`);
        await shot(browser.page, 'notebook-failure').catch(() => undefined);
      }
    }
  } finally {
    await browser.close();
  }
  return { passed, failed };
}
