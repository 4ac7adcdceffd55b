// The engine understands its own output. Over every fixture under test/fixtures/ (globbed, so new ones join
// by themselves): every offered code action (each layer, each class, each model, all layers in file) and the
// CLI's layer and module modes give edits that do not overlap, keep every byte outside them, parse under
// CPython, and re-analyse to the same summary; applying the same action again changes nothing. A notebook
// fixture joins the check as the program its code cells make (the text the engine analyses for it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, it } from 'node:test';
import {
  analyzeText,
  lower,
  loweringOffers,
  readIpynb,
  type Analysis,
  type LowerMode,
  type LowerTarget,
  type ModelInfo,
  type Position,
  type TextEdit,
} from '../../server/src/core/index.ts';
import { applyTextEdits, offsetAt } from '../lsp/textEdits.ts';
import { cpythonSyntaxErrors } from '../support/cpython.ts';
import { loadEngine } from '../support/engine.ts';

before(loadEngine);

const FIXTURES = join(__dirname, '..', 'fixtures');

function programFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return programFiles(path);
    return entry.name.endsWith('.py') || entry.name.endsWith('.ipynb') ? [path] : [];
  });
}

/** The Python text the engine analyses for a fixture: the file itself, or a notebook's code cells joined. */
function programText(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!file.endsWith('.ipynb')) return text;
  const read = readIpynb(text);
  if (!read.ok) throw new Error(`${file}: ${read.reason}`);
  return read.notebook.program.text;
}

interface Request {
  target: LowerTarget;
  mode: LowerMode;
  what: string;
}

/** Every enabled offer at every layer call, model statement and class, plus the CLI's targets. */
function requests(analysis: Analysis): Request[] {
  const found = new Map<string, Request>();
  const add = (target: LowerTarget, mode: LowerMode, what: string): void => {
    const key = JSON.stringify([target, mode]);
    if (!found.has(key)) found.set(key, { target, mode, what });
  };
  const positions = [
    ...analysis.layers.map((layer) => layer.call.startPosition),
    ...analysis.modelNodes.flatMap((model) => [model.call, ...model.statements].map((n) => n.startPosition)),
    ...analysis.tree.rootNode.namedChildren.flatMap((n) =>
      n?.type === 'class_definition' ? [n.startPosition] : [],
    ),
  ];
  for (const { row, column } of positions) {
    const position = { line: row, character: column };
    for (const offer of loweringOffers(analysis, { start: position, end: position }))
      if (offer.disabledReason === undefined) add(offer.target, offer.mode, offer.title);
  }
  for (const model of analysis.models) {
    add({ kind: 'model', variable: model.variable }, 'layer', `CLI --mode layer --model ${model.variable}`);
    add({ kind: 'model', variable: model.variable }, 'module', `CLI --mode module --model ${model.variable}`);
  }
  add({ kind: 'file' }, 'layer', 'CLI --mode layer');
  add({ kind: 'file' }, 'module', 'CLI --mode module');
  return [...found.values()];
}

/** A row as the round trip must keep it: a generated `Tf<Class>` stands for `<Class>`, names lose Keras's counter. */
function summary(models: ModelInfo[]): unknown[] {
  return models.map((model) => ({
    variable: model.variable,
    totalParams: model.totalParams,
    trainableParams: model.trainableParams,
    layers: model.layers.map((layer) => ({
      name: layer.name.replace(/^tf_/, '').replace(/_\d+$/, ''),
      class: layer.class.replace(/^Tf(?=[A-Z])/, ''),
      outputShape: layer.outputShape,
      params: layer.params,
    })),
  }));
}

/** Where `position` of the original text lands once `edits` are applied (no edit starts after it on its span). */
function shiftedOffset(text: string, edits: TextEdit[], position: Position): number {
  const offset = offsetAt(text, position);
  let shift = 0;
  for (const edit of edits) {
    const start = offsetAt(text, edit.range.start);
    const end = offsetAt(text, edit.range.end);
    if (end <= offset && !(start === offset && end === offset)) shift += edit.newText.length - (end - start);
  }
  return offset + shift;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

interface Checked {
  label: string;
  original: Analysis;
  text: string;
  request: Request;
  /** Where the rewritten layer call starts in the lowered text (layer targets). */
  rewrittenAt: Position;
}

it('every offered edit on every fixture parses under CPython and round-trips', () => {
  const checked: Checked[] = [];
  const failures: string[] = [];
  let refused = 0;
  for (const file of programFiles(FIXTURES)) {
    const text = programText(file);
    const analysis = analyzeText(text);
    for (const request of requests(analysis)) {
      const label = `${relative(FIXTURES, file)} [${request.what}]`;
      const result = lower(analysis, request.target, request.mode);
      if (!result.ok) {
        refused++;
        if (!request.what.startsWith('CLI'))
          failures.push(`${label}: offered but refused: ${result.reasons.map((r) => r.message).join('; ')}`);
        continue;
      }
      if (result.edits.length === 0) continue;
      const { text: applied, firstStart, lastEnd } = applyTextEdits(text, result.edits as TextEdit[]);
      if (
        applied.slice(0, firstStart) !== text.slice(0, firstStart) ||
        !applied.endsWith(text.slice(lastEnd))
      )
        failures.push(`${label}: bytes outside the edits changed`);
      const layerEdit = result.edits.find((edit) => !edit.newText.includes('\n')) ?? result.edits[0]!;
      const rewrittenAt = positionAt(
        applied,
        shiftedOffset(text, result.edits as TextEdit[], layerEdit.range.start),
      );
      checked.push({ label, original: analysis, text: applied, request, rewrittenAt });
    }
  }
  const errors = cpythonSyntaxErrors(checked.map((c) => c.text));
  checked.forEach((c, index) => {
    if (errors[index] !== null) {
      failures.push(`${c.label}: CPython: ${errors[index]}`);
      return;
    }
    const again = analyzeText(c.text);
    try {
      assert.deepEqual(summary(again.models), summary(c.original.models));
    } catch (error) {
      failures.push(`${c.label}: summary changed: ${(error as Error).message.slice(0, 1500)}`);
      return;
    }
    if (c.request.target.kind === 'layer') {
      // Keras's counters rename the layers after a rewrite, so "the same action" is the one at the same place.
      const start = c.rewrittenAt;
      const rows = again.models.flatMap((model) => model.layers);
      const offeredAgain = loweringOffers(again, { start, end: start }).filter((offer) => {
        const target = offer.target;
        if (target.kind !== 'layer' || offer.disabledReason !== undefined) return false;
        const row = rows.find((candidate) => candidate.id === target.layerId);
        return row?.range.start.line === start.line && row.range.start.character === start.character;
      });
      if (offeredAgain.length > 0) failures.push(`${c.label}: offered again: ${offeredAgain[0]!.title}`);
      return;
    }
    const second = lower(again, c.request.target, c.request.mode);
    if (
      second.ok &&
      second.edits.length > 0 &&
      applyTextEdits(c.text, second.edits as TextEdit[]).text !== c.text
    )
      failures.push(`${c.label}: applying it again changes the file`);
  });
  console.log(
    `round trip: ${checked.length} edits checked with CPython and re-analysed, ${refused} CLI requests refused`,
  );
  for (const failure of failures) console.log(`round trip failure: ${failure}`);
  assert.deepEqual(failures, []);
});
