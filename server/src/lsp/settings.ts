// The `kerasLower.*` settings the server reads: pulled with workspace/configuration when the client supports
// it, otherwise taken from the settings a client pushes with didChangeConfiguration.
import type { Connection } from 'vscode-languageserver';

interface KerasLowerSettings {
  inlayHints?: { enabled?: boolean };
}

export class Settings {
  inlayHintsEnabled = true;
  /** Whether the client answers workspace/configuration (known after `initialize`). */
  canPull = false;

  constructor(private readonly connection: Connection) {}

  /** Updates from a didChangeConfiguration payload, or pulls when the payload carries no settings. */
  async update(pushed: unknown): Promise<void> {
    const section = (pushed as { kerasLower?: KerasLowerSettings } | null | undefined)?.kerasLower;
    if (section) return this.apply(section);
    if (this.canPull) this.apply(await this.connection.workspace.getConfiguration('kerasLower'));
  }

  private apply(section: KerasLowerSettings | null | undefined): void {
    this.inlayHintsEnabled = section?.inlayHints?.enabled ?? true;
  }
}
