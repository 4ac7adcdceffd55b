// Runs test/e2e/suite inside code-server's extension host, as @vscode/test-electron does on the desktop:
// the workbench opened with an `extensionTestsPath` payload reports console output and the exit code
// through the automation hooks it looks for on `window`.
import { openBrowser, remote, workbenchUrl } from './browser.ts';

export interface SuiteResult {
  exitCode: number;
  passed: number;
  failed: number;
  extensionActive: boolean;
  seconds: number;
}

export async function runExtensionHostSuite(options: {
  url: string;
  workspace: string;
  extensionPath: string;
  testsPath: string;
  tmpDir: string;
  timeoutMs?: number;
}): Promise<SuiteResult> {
  const started = Date.now();
  const browser = await openBrowser(options.tmpDir);
  let summary = '';
  try {
    const { page } = browser;
    let resolveExit: (code: number) => void = () => {};
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = (args ?? []).map(String).join(' ');
      if (line.startsWith('keras-lower e2e:')) summary = line;
      if (!/socket|connection token/.test(line))
        console.log(type === 'error' ? `  [ext host] ${line}` : `  ${line}`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(code));
    await page.goto(
      workbenchUrl(options.url, options.workspace, [
        ['extensionDevelopmentPath', remote(options.extensionPath)],
        ['extensionTestsPath', remote(options.testsPath)],
        ['skipWelcome', 'true'],
      ]),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>(
      (resolve) => (timer = setTimeout(() => resolve(124), options.timeoutMs ?? 240_000)),
    );
    const exitCode = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    const counts = /extension (active|NOT active); (\d+) passed, (\d+) failed/.exec(summary);
    return {
      exitCode,
      passed: counts ? Number(counts[2]) : 0,
      failed: counts ? Number(counts[3]) : 1,
      extensionActive: counts?.[1] === 'active',
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await browser.close();
  }
}
