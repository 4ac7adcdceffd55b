// `npm run bench`: every ratio of issue 7 measured in one run, each peer started here (bare tree-sitter,
// Pyright's language server, Python with TensorFlow). Prints the table with the machine noted; `--write` also
// puts it in README.md's performance section. Timings are reported, never asserted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { root } from '../test/fuzz/lspServer.ts';
import { kerasProgram } from '../test/fuzz/programs.ts';
import { engineTimings } from './engine.ts';
import { median, p99 } from './measure.ts';
import { timePeer } from './peer.ts';
import { activationTimings, oraclePython, rssWithOpenFiles, summaryTimings, vsix } from './processes.ts';
import { markdownTable, ms, readmeWithPerformance, verdict, type Row } from './table.ts';

/** Noted before the first measurement, so the load average is the machine's, not ours. */
function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  return (
    `Measured ${date} on ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ` +
    `Node ${process.version}, ${process.platform}, load average ${loadavg()[0]!.toFixed(1)} at the start ` +
    `(other work on the machine slows both sides); a generated 1,500-line Keras file (160 models) unless noted.`
  );
}

async function main(): Promise<void> {
  const noted = machine();
  const rows: Row[] = [];
  const log = (row: Row) => {
    rows.push(row);
    console.log(
      `${row.measure}: ${row.ours} vs ${row.peer} (${row.ratio}; goal ${row.goal}: ${row.verdict})`,
    );
  };
  const dir = mkdtempSync('/tmp/keras-lower-bench-');
  const file = join(dir, 'models.py');
  const text = kerasProgram(1500);
  writeFileSync(file, text);

  const engine = await engineTimings(text);
  const analysisRatio = engine.analysisMs / engine.parseMs;
  log({
    measure: 'full analysis vs bare tree-sitter parse',
    ours: ms(engine.analysisMs),
    peer: ms(engine.parseMs),
    ratio: `${analysisRatio.toFixed(1)}×`,
    goal: '≤ 2×',
    verdict: verdict(analysisRatio / 2),
  });
  const keystrokeRatio = engine.keystrokeMs / engine.incrementalParseMs;
  log({
    measure: 'keystroke: re-analysis vs incremental parse',
    ours: ms(engine.keystrokeMs),
    peer: ms(engine.incrementalParseMs),
    ratio: `${keystrokeRatio.toFixed(1)}×`,
    goal: '≤ 1.5×',
    verdict: verdict(keystrokeRatio / 1.5),
  });

  const python = oraclePython();
  const ours = await timePeer(
    {
      command: [process.execPath, resolve(root, 'dist/server.js'), '--stdio'],
      settings: {},
      inlayHints: true,
    },
    file,
    text,
    200,
  );
  if (python)
    writeFileSync(
      join(dir, 'pyrightconfig.json'),
      JSON.stringify({
        venvPath: dirname(dirname(dirname(python))),
        venv: basename(dirname(dirname(python))),
      }),
    );
  const pyright = await timePeer(
    {
      command: [process.execPath, resolve(root, 'node_modules/pyright/langserver.index.js'), '--stdio'],
      settings: { python: python ? { pythonPath: python } : {}, 'python.analysis': {} },
      inlayHints: false,
    },
    file,
    text,
    60,
  );
  const hoverRatio = p99(pyright.hoverMs) / p99(ours.hoverMs);
  log({
    measure: 'hover after a keystroke, p50 / p99 over JSON-RPC, vs Pyright hover',
    ours: `${ms(median(ours.hoverMs))} / ${ms(p99(ours.hoverMs))}`,
    peer: `${ms(median(pyright.hoverMs))} / ${ms(p99(pyright.hoverMs))}`,
    ratio: `p99 1/${hoverRatio.toFixed(1)}`,
    goal: 'p99 ≤ 1/50',
    verdict: verdict(50 / hoverRatio),
  });
  log({
    measure: 'inlay hints (60 visible lines) after a keystroke, p50 / p99',
    ours: `${ms(median(ours.inlayMs))} / ${ms(p99(ours.inlayMs))}`,
    peer: '—',
    ratio: '—',
    goal: '—',
    verdict: '—',
  });
  const firstRatio = pyright.firstHoverMs / ours.firstHoverMs;
  log({
    measure: 'first hover after opening, vs Pyright',
    ours: ms(ours.firstHoverMs),
    peer: ms(pyright.firstHoverMs),
    ratio: `1/${firstRatio.toFixed(1)}`,
    goal: '≤ 1/20',
    verdict: verdict(20 / firstRatio),
  });

  if (python) {
    for (const [label, target, cliRounds, pythonRounds] of [
      ['seed_cnn.py', resolve(root, 'test/fixtures/seed_cnn.py'), 5, 3],
      ['the 1,500-line file', file, 3, 1],
    ] as const) {
      const summary = await summaryTimings(target, python, cliRounds, pythonRounds);
      const faster = summary.pythonMs / summary.cliMs;
      log({
        measure: `\`keras-lower summary\` vs Python (import tensorflow, build, model.summary()) on ${label}`,
        ours: ms(summary.cliMs),
        peer: ms(summary.pythonMs),
        ratio: `${faster.toFixed(1)}× faster`,
        goal: '≥ 50× faster',
        verdict: verdict(50 / faster),
      });
    }
  } else console.log('No oracle venv (bash scripts/setup.sh): the Python route is skipped.');

  const activation = await activationTimings(5);
  log({
    measure: 'activation: client bundle load + server start to `initialize` answered',
    ours: `${ms(activation.clientLoadMs)} + ${ms(activation.serverStartMs)}`,
    peer: '—',
    ratio: '—',
    goal: '—',
    verdict: '—',
  });
  const rss = (await rssWithOpenFiles(100)) / 2 ** 20;
  log({
    measure: 'server RSS with 100 open Keras files (100–460 lines each)',
    ours: `${rss.toFixed(0)} MB`,
    peer: '—',
    ratio: '—',
    goal: '≤ 100 MB',
    verdict: verdict(rss / 100),
  });
  const packaged = vsix();
  if (packaged)
    log({
      measure: `VSIX size (${packaged.name})`,
      ours: `${(packaged.bytes / 1024).toFixed(0)} KB`,
      peer: '—',
      ratio: '—',
      goal: '—',
      verdict: '—',
    });
  else console.log('No VSIX in the repository root yet (npm run package): its size is skipped.');

  const table = markdownTable(rows, noted);
  console.log(`\n${table}`);
  if (process.argv.includes('--write')) {
    const readme = resolve(root, 'README.md');
    writeFileSync(readme, readmeWithPerformance(readFileSync(readme, 'utf8'), table));
    console.log('README.md performance section updated.');
  }
}

void main();
