// The Python that Verify Lowering runs: the `kerasLower.verify.pythonPath` setting, else the Python
// extension's interpreter for the file, else `python3` on the PATH.
import * as vscode from 'vscode';

interface PythonExtensionApi {
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } };
}

export async function pythonFor(resource: vscode.Uri): Promise<string> {
  const configured = vscode.workspace
    .getConfiguration('kerasLower', resource)
    .get<string>('verify.pythonPath', '');
  if (configured.trim()) return configured.trim();
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (extension) {
    try {
      const api = extension.isActive ? extension.exports : await extension.activate();
      const command = api.settings?.getExecutionDetails?.(resource).execCommand;
      if (command?.[0]) return command[0];
    } catch {
      // An extension that fails to activate leaves the default.
    }
  }
  return 'python3';
}
