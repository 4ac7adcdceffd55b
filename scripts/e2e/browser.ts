// Debian's Chromium driven by playwright-core, with a throwaway profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface Workbench {
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(tmpDir: string): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpDir, 'chromium-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1920, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The workbench URL for `folder`, with an optional test payload (what `code --extensionTestsPath` passes). */
export function workbenchUrl(base: string, folder: string, payload?: Array<[string, string]>): string {
  const query = `folder=${encodeURIComponent(folder)}`;
  return payload
    ? `${base}/?${query}&payload=${encodeURIComponent(JSON.stringify(payload))}`
    : `${base}/?${query}`;
}

/** code-server's remote authority is literally `remote`. */
export const remote = (path: string) => `vscode-remote://remote${path}`;
