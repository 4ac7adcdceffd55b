// Drives the built language server the way an editor does: opens FILE, asks for code actions at each
// requested range, picks the "Lower to tf.nn" action by kind and title, applies its WorkspaceEdit to the
// text and prints the results. The oracle compares these texts with `keras-lower lower`.
//
// usage: node test/oracle/lsp_lower.mjs FILE < requests.json > results.json
//   requests: [{"range": LSP range, "target": "layer", "layer": NAME} | {"range", "target": "model", "model": VAR}]
//   results:  [{"text": lowered file} | {"error": message}], in request order
/* global setTimeout, clearTimeout, Buffer */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TIMEOUT_MS = 60_000;

/** Minimal JSON-RPC over stdio with Content-Length framing: enough for an editor's side of the talk. */
class Connection {
  constructor(child) {
    this.child = child;
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = Buffer.alloc(0);
    child.stdout.on('data', (chunk) => this.receive(chunk));
  }

  request(method, params) {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.pending.set(id, { resolve: resolvePromise, reject, timer, method });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  receive(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.id !== undefined && message.method) {
      // A request from the server (configuration, workDoneProgress/create...): answer like a quiet editor.
      this.send({ jsonrpc: '2.0', id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
    else waiter.resolve(message.result);
  }
}

/** UTF-16 offset of an LSP position; JavaScript strings are UTF-16, as LSP positions are by default. */
function offsetAt(text, position) {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) return text.length;
    offset = newline + 1;
  }
  return offset + position.character;
}

function applyEdits(text, edits) {
  const sorted = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) throw new Error('overlapping edits');
  }
  return sorted.reduce((acc, edit) => acc.slice(0, edit.start) + edit.newText + acc.slice(edit.end), text);
}

/** The document's edits from a WorkspaceEdit, checking they were computed for the version we opened. */
function editsFor(workspaceEdit, uri, version) {
  if (workspaceEdit.documentChanges) {
    return workspaceEdit.documentChanges.flatMap((change) => {
      if (change.kind) throw new Error(`unexpected resource operation ${change.kind}`);
      if (change.textDocument.uri !== uri) throw new Error(`edit for another document ${change.textDocument.uri}`);
      if (change.textDocument.version !== version) {
        throw new Error(`edit for version ${change.textDocument.version}, document is at ${version}`);
      }
      return change.edits;
    });
  }
  const others = Object.keys(workspaceEdit.changes ?? {}).filter((key) => key !== uri);
  if (others.length > 0) throw new Error(`edit for other documents ${others.join(', ')}`);
  return workspaceEdit.changes?.[uri] ?? [];
}

/** `model#2/dense_1@12:5` → `dense_1` (server/src/core/model/layerIds.ts). */
const layerName = (id) => id.slice(id.lastIndexOf('/') + 1).replace(/@\d+:\d+$/, '');

// By what each action does (its data: the engine's target and mode), never by its title, which is the editor's
// wording. A layer request at a range holding several layers picks the one Keras names so.
function pickAction(actions, request) {
  const lowerings = actions.filter((action) => action.kind === 'refactor.rewrite' && action.data?.target);
  const chosen =
    request.target === 'model'
      ? lowerings.filter(
          ({ data }) => data.mode === 'module' && data.target.kind === 'model' && data.target.variable === request.model,
        )
      : lowerings.filter(({ data }) => data.mode === 'layer');
  const named = chosen.filter(({ data }) => data.target.kind === 'layer' && layerName(data.target.layerId) === request.layer);
  const picked = request.target === 'layer' && chosen.length > 1 ? named : chosen;
  if (picked.length !== 1) {
    const titles = actions.map((action) => `${action.kind}: ${action.title}`).join(' | ') || 'none';
    throw new Error(`expected one ${request.target} action, found ${picked.length} (actions: ${titles})`);
  }
  if (picked[0].disabled) throw new Error(`action disabled: ${picked[0].disabled.reason}`);
  return picked[0];
}

async function lowerOne(connection, uri, text, request) {
  const actions = await connection.request('textDocument/codeAction', {
    textDocument: { uri },
    range: request.range,
    context: { diagnostics: [] },
  });
  let action = pickAction(actions ?? [], request);
  if (!action.edit) action = await connection.request('codeAction/resolve', action);
  if (!action.edit) throw new Error(`action "${action.title}" has no edit`);
  return applyEdits(text, editsFor(action.edit, uri, 1));
}

async function main() {
  const file = resolve(process.argv[2]);
  const requests = JSON.parse(readFileSync(0, 'utf8'));
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const server = spawn(process.execPath, [join(root, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = new Connection(server);
  try {
    await connection.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dirname(file)).href,
      capabilities: { textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [] } } } } },
    });
    connection.notify('initialized', {});
    connection.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const results = [];
    for (const request of requests) {
      try {
        results.push({ text: await lowerOne(connection, uri, text, request) });
      } catch (error) {
        results.push({ error: error.message });
      }
    }
    process.stdout.write(JSON.stringify(results));
    await connection.request('shutdown', null);
    connection.notify('exit', null);
  } finally {
    server.stdin.end();
    setTimeout(() => server.kill(), 2000).unref();
  }
}

main().catch((error) => {
  console.error(`lsp_lower: ${error.message}`);
  process.exit(1);
});
