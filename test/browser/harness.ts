// Loads the panel's real HTML (client/src/panel/panelHtml.ts) and script (media/dist/panel.js) into Debian's
// headless Chromium, served over HTTP the way a webview serves `asWebviewUri` resources, with a stand-in for
// `acquireVsCodeApi` that records what the panel posts back.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { newNonce } from '../../client/src/panel/nonce.ts';
import { panelHtml } from '../../client/src/panel/panelHtml.ts';
import { initParser, PythonDocument, analyze } from '../../server/src/core/index.ts';
import { panelData } from '../../server/src/lsp/panelData.ts';
import type { FromWebview, PanelData, ToWebview } from '../../server/src/protocol.ts';

export const root = resolve(__dirname, '../..');
export const screenshotDir = join(root, 'test-results', 'browser');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.html': 'text/html; charset=utf-8',
};

/** What the page recorded: messages it posted, CSP violations, and any sign that injected script ran. */
export interface PageRecord {
  sent: FromWebview[];
  violations: string[];
  pwned: string[];
}

/** The few page globals the tests touch (the root tsconfig has no DOM library, on purpose). */
interface PageGlobals {
  __record: PageRecord;
  postMessage(message: unknown, targetOrigin: string): void;
}

export class PanelPage {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: Server,
  ) {}

  /** Opens a panel page whose HTML is what the extension produces for a file called `title`. */
  static async open(title: string): Promise<PanelPage> {
    const bundle = join(root, 'media', 'dist', 'panel.js');
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run npm run build`);
    if (!existsSync(chromiumPath))
      throw new Error(`no Chromium at ${chromiumPath}: run bash scripts/setup.sh`);
    let html = '';
    const server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/panel.html') {
        response.writeHead(200, { 'content-type': contentTypes['.html'] });
        response.end(html);
        return;
      }
      const file = join(root, decodeURIComponent(path));
      if (!file.startsWith(join(root, 'media')) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      response.end(readFileSync(file));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    html = panelHtml({
      cspSource: origin,
      nonce: newNonce(),
      scriptUri: `${origin}/media/dist/panel.js`,
      styleUri: `${origin}/media/panel.css`,
      codiconsUri: `${origin}/media/dist/codicons/codicon.css`,
      title,
    });
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.setDefaultTimeout(10_000);
    await page.addInitScript(pageInstrumentation);
    await page.goto(`${origin}/panel.html`);
    return new PanelPage(page, browser, server);
  }

  /** Extension → webview, as VS Code delivers it: a `message` event on the window. */
  async send(message: ToWebview): Promise<void> {
    await this.page.evaluate(
      (data) => (globalThis as unknown as PageGlobals).postMessage(data, '*'),
      message,
    );
  }

  async record(): Promise<PageRecord> {
    return this.page.evaluate(
      () => JSON.parse(JSON.stringify((globalThis as unknown as PageGlobals).__record)) as PageRecord,
    );
  }

  /** Polls until the panel has posted a message of `type`, and returns the latest such. */
  async waitForSent<T extends FromWebview['type']>(type: T): Promise<Extract<FromWebview, { type: T }>> {
    const handle = await this.page.waitForFunction(
      (wanted) => {
        const sent = (globalThis as unknown as PageGlobals).__record.sent;
        return [...sent].reverse().find((message) => message.type === wanted);
      },
      type,
      { timeout: 10_000 },
    );
    return (await handle.jsonValue()) as Extract<FromWebview, { type: T }>;
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((done) => this.server.close(done));
  }
}

/**
 * Runs in the page before its own scripts: the `acquireVsCodeApi` stand-in, a CSP-violation recorder, and a
 * Dark Modern-like subset of the `--vscode-*` variables (set through the CSSOM, which the CSP allows).
 * A string, not a function: the TypeScript loader would wrap a function with helpers the page lacks.
 */
const theme: Record<string, string> = {
  foreground: '#cccccc',
  'editor-background': '#1f1f1f',
  descriptionForeground: '#9d9d9d',
  'panel-border': '#2b2b2b',
  'panelTitle-activeBorder': '#0078d4',
  'panelTitle-activeForeground': '#e7e7e7',
  'list-hoverBackground': '#2a2d2e',
  'editor-selectionHighlightBackground': '#add6ff26',
  focusBorder: '#0078d4',
  'testing-iconPassed': '#73c991',
  'editorWarning-foreground': '#cca700',
  'editorError-foreground': '#f14c4c',
  'textPreformat-foreground': '#d0d0d0',
  'editorWidget-background': '#202020',
  'editorWidget-border': '#454545',
  'button-background': '#0078d4',
  'button-foreground': '#ffffff',
  'dropdown-background': '#313131',
  'dropdown-foreground': '#cccccc',
  'dropdown-border': '#3c3c3c',
  'diffEditor-insertedLineBackground': '#9bb95533',
  'diffEditor-removedLineBackground': '#ff000033',
  'font-family': 'sans-serif',
  'font-size': '13px',
  'editor-font-family': 'monospace',
  'editor-font-size': '13px',
};
const pageInstrumentation = `
  const record = { sent: [], violations: [], pwned: [] };
  let state;
  window.__record = record;
  window.__pwned = record.pwned;
  window.acquireVsCodeApi = () => ({
    postMessage: (message) => record.sent.push(message),
    getState: () => state,
    setState: (next) => { state = next; },
  });
  window.alert = (text) => record.pwned.push('alert(' + text + ')');
  document.addEventListener('securitypolicyviolation', (event) =>
    record.violations.push(event.violatedDirective + ': ' + event.blockedURI));
  document.addEventListener('DOMContentLoaded', () => {
    for (const [name, value] of Object.entries(${JSON.stringify(theme)}))
      document.documentElement.style.setProperty('--vscode-' + name, value);
  });
`;

let parserReady: Promise<void> | undefined;

/** The panel data the language server would send for `text`, computed by the same server code. */
export async function panelDataFor(text: string, uri: string, version = 1): Promise<PanelData> {
  parserReady ??= initParser(join(root, 'dist'));
  await parserReady;
  const document = new PythonDocument(text, version);
  try {
    return panelData(analyze(document), uri);
  } finally {
    document.dispose();
  }
}
