// The side-by-side panel's HTML shell. No vscode import: the browser tests render exactly this.
// Everything else on the page is built by media/dist/panel.js from messages, as text nodes.

export interface PanelHtmlInput {
  /** `webview.cspSource`: the origin the webview serves `asWebviewUri` resources from. */
  cspSource: string;
  /** Fresh for every load (`newNonce()`). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
  /** The document's file name: it comes from the user's disk, so it is escaped like everything else. */
  title: string;
}

export function panelHtml({
  cspSource,
  nonce,
  scriptUri,
  styleUri,
  codiconsUri,
  title,
}: PanelHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(codiconsUri)}">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>Keras Lower: ${escapeHtml(title)}</title>
</head>
<body>
<main id="root" aria-label="Keras Lower side by side: ${escapeHtml(title)}"></main>
<script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character] ?? character);
}
