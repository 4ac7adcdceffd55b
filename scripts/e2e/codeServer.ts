// One code-server (VS Code 1.100's server and web workbench) per run, in its own process group and its own
// folders, so nothing leaks into ~/.config or outlives the run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const codeServerVersion = '4.100.3';
const cacheDir = process.env.KERAS_LOWER_CACHE ?? join(homedir(), '.cache', 'keras-lower');
export const codeServerBin = join(
  cacheDir,
  `code-server-${codeServerVersion}`,
  'node_modules',
  '.bin',
  'code-server',
);

/** Settings for a quiet, predictable workbench. */
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': true,
  'editor.inlayHints.enabled': 'on',
  // The workspace sits inside this repository's clone: no "open the parent repository?" toast.
  'git.openRepositoryInParentFolders': 'never',
};

export interface RunDirs {
  root: string;
  extensions: string;
  userData: string;
  workspace: string;
}

/** Everything code-server writes stays under `root`: XDG folders, temp files, logs. */
export function codeServerEnv(root: string): NodeJS.ProcessEnv {
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(root, 'xdg', 'config'),
    XDG_DATA_HOME: join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: join(root, 'xdg', 'cache'),
    TMPDIR: join(root, 'tmp'),
  };
  for (const dir of [env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.TMPDIR])
    mkdirSync(dir, { recursive: true });
  return env;
}

export function prepareDirs(
  root: string,
  fixtures: string,
  extraSettings: Record<string, unknown> = {},
): RunDirs {
  const dirs = {
    root,
    extensions: join(root, 'extensions'),
    userData: join(root, 'user-data'),
    workspace: join(root, 'workspace'),
  };
  for (const dir of [dirs.extensions, join(dirs.userData, 'User'), dirs.workspace])
    mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...userSettings, ...extraSettings }, null, 2),
  );
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dirs.workspace, file));
  return dirs;
}

/** Installs the VSIX the way a user does; returns the folder VS Code unpacked it into. */
export function installVsix(dirs: RunDirs, vsix: string): string {
  const result = spawnSync(
    codeServerBin,
    [
      '--extensions-dir',
      dirs.extensions,
      '--user-data-dir',
      dirs.userData,
      '--install-extension',
      vsix,
      '--force',
    ],
    { env: codeServerEnv(dirs.root), encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
  const installed = readdirSync(dirs.extensions).find((name) => name.startsWith('keras-lower.keras-lower-'));
  if (!installed) throw new Error(`${vsix} was not unpacked into ${dirs.extensions}:\n${result.stdout}`);
  return join(dirs.extensions, installed);
}

export class CodeServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * Starts code-server on a free port and waits for /healthz. `trusted: false` keeps VS Code's workspace
   * trust on (a server started without `--disable-workspace-trust`).
   */
  static async start(dirs: RunDirs, { trusted }: { trusted: boolean }): Promise<CodeServer> {
    if (!existsSync(codeServerBin))
      throw new Error(`no code-server at ${codeServerBin}: run bash scripts/setup.sh`);
    const port = await freePort();
    const args = [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(trusted ? ['--disable-workspace-trust'] : []),
      dirs.workspace,
    ];
    // detached: its own process group, so stop() also ends the extension hosts and language servers.
    const child = spawn(codeServerBin, args, {
      env: codeServerEnv(dirs.root),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
      if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
      if (await healthy(url)) return new CodeServer(child, url);
      if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async stop(): Promise<void> {
    const group = this.child.pid;
    if (group === undefined) return;
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-group, name);
        return true;
      } catch {
        return false; // the group is gone
      }
    };
    signal('SIGTERM');
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && signal(0 as unknown as NodeJS.Signals))
      await new Promise((resolve) => setTimeout(resolve, 100));
    signal('SIGKILL');
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).ok;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
