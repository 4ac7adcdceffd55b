// The side-by-side panel's script: renders what the extension sends and reports clicks back. It runs under a
// CSP that only allows this nonce'd script; it never parses markup, so file-derived strings stay text.
import type {
  FromWebview,
  LoweringChoice,
  PanelData,
  PanelState,
  ToWebview,
} from '../../server/src/protocol.ts';
import { diffBody, diffPicker, choiceKey, type DiffActions } from './diffView.ts';
import { h, icon } from './dom.ts';
import { graphView } from './graphView.ts';
import { highlightRow, layersView } from './layersView.ts';
import { verifyView } from './verifyView.ts';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const tabs = ['layers', 'graph', 'diff'] as const;
type Tab = PanelState['tab'];
const tabLabels: Record<Tab, [string, string]> = {
  layers: ['Layers', 'list-flat'],
  graph: ['Graph', 'type-hierarchy'],
  diff: ['Diff', 'diff'],
};

let tab: Tab = vscode.getState()?.tab ?? 'layers';
let data: PanelData | undefined;
let fileName = '';
let currentLayer: string | null = null;
let selectedChoice: string | undefined;
let lastDiff: Extract<ToWebview, { type: 'diff' }> | undefined;
let status = '';
let verification: Extract<ToWebview, { type: 'verification' }> | undefined;

const root = document.getElementById('root') as HTMLElement;
const post = (message: FromWebview) => vscode.postMessage(message);
const reveal = (layerId: string) => post({ type: 'reveal', layerId });

const diffActions: DiffActions = {
  show(choice: LoweringChoice) {
    if (!data) return;
    selectedChoice = choiceKey(choice);
    post({ type: 'showDiff', choice, version: data.version });
  },
  apply(choice: LoweringChoice, version: number) {
    status = 'Applying…';
    render();
    post({ type: 'apply', choice, version });
  },
};

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'data':
      data = message.data;
      fileName = message.fileName;
      vscode.setState({ uri: data.uri, tab });
      if (tab === 'diff') requestSelectedDiff();
      break;
    case 'cursor':
      currentLayer = message.layerId;
      highlightRow(root, currentLayer);
      return;
    case 'diff':
      if (selectedChoice !== undefined && choiceKey(message.choice) !== selectedChoice) return;
      lastDiff = message;
      status = '';
      break;
    case 'applied':
      status = message.message;
      break;
    case 'verification':
      verification = message;
      break;
  }
  render();
});

function requestSelectedDiff(): void {
  const choices = data?.choices ?? [];
  const choice = choices.find((candidate) => choiceKey(candidate) === selectedChoice) ?? choices[0];
  if (choice) diffActions.show(choice);
}

function selectTab(next: Tab): void {
  tab = next;
  if (data) vscode.setState({ uri: data.uri, tab });
  if (tab === 'diff') requestSelectedDiff();
  render();
}

function render(): void {
  const tabBar = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    ...tabs.map((name) => {
      const [label, codicon] = tabLabels[name];
      const button = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          'data-tab': name,
          'aria-selected': String(name === tab),
        },
        icon(codicon),
        ` ${label}`,
      );
      button.addEventListener('click', () => selectTab(name));
      return button;
    }),
  );
  root.replaceChildren(
    tabBar,
    h('div', { class: 'status', role: 'status' }, status),
    content(),
    verification ? verifyView(verification.report) : '',
  );
  highlightRow(root, currentLayer);
}

function content(): HTMLElement {
  if (!data) return h('p', { class: 'empty' }, 'Analysing…');
  if (tab === 'layers') return layersView(data.models, reveal);
  if (tab === 'graph') return graphView(data.models, reveal);
  const picker = diffPicker(data.choices, selectedChoice ?? lastDiffKey(), diffActions);
  const body =
    lastDiff && (selectedChoice === undefined || choiceKey(lastDiff.choice) === selectedChoice)
      ? diffBody(lastDiff, fileName, diffActions)
      : h('p', { class: 'empty' }, 'Computing the lowering…');
  return h('div', { class: 'diff-tab' }, picker, body);
}

function lastDiffKey(): string | undefined {
  return lastDiff ? choiceKey(lastDiff.choice) : undefined;
}

render();
post({ type: 'ready' });
