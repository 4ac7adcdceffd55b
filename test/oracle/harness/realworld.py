"""The real-world oracle's parent side: for each fixture under test/fixtures/realworld/, Keras's own
`model.summary()` rows (from `realworld_worker`, one fresh process per fixture) against the engine's
`summary --json`, row by row, and the table that reports it.

A row the engine marks `unknown` and explains is not an error; a row it claims to know must equal
Keras's in name, class, output shape, params and connections; a missing or extra row is a mismatch.
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .paths import CLI, FIXTURES, ROOT

FIXTURE_DIR = FIXTURES / "realworld"
TABLE = ROOT / "test-results" / "realworld-table.txt"
DETAILS = ROOT / "test-results" / "realworld-details.md"
MODELS = ROOT / "test-results" / "realworld-models.json"  # per-model findings, for test_programs.py's figure
ORACLE_DIR = Path(__file__).resolve().parents[1]
PARALLEL = 2  # fixtures judged at once, each in its own fresh Keras process
KERAS_TIMEOUT = 300
ENGINE_TIMEOUT = 120
NO_MODEL_EXIT = 6  # `keras-lower summary` found no model: every Keras model is then an unknown model


def fixtures() -> list[Path]:
    return sorted(FIXTURE_DIR.glob("*.py"))


@dataclass
class Finding:
    kind: str  # "match", "unknown" or "mismatch"
    model: str  # the variable the model is bound to
    row: str  # the Keras row name, or "(model)" for model-level facts
    detail: str = ""


@dataclass
class FixtureResult:
    name: str
    keras_models: list[dict] = field(default_factory=list)
    keras_error: str | None = None
    build_seconds: float | None = None
    engine: dict | None = None
    engine_error: str | None = None  # the CLI crashed or printed no JSON
    findings: list[Finding] = field(default_factory=list)
    unknown_models: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)

    @property
    def mismatches(self) -> list[Finding]:
        return [f for f in self.findings if f.kind == "mismatch"]

    @property
    def harness_problems(self) -> list[str]:
        return [p for m in self.keras_models for p in m.get("harnessProblems", [])]


def run_keras(path: Path) -> tuple[dict, float | None, str | None]:
    """Runs the fixture in a fresh Python process; returns (worker output, build seconds, error)."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "out.json"
        proc = subprocess.run(
            [sys.executable, "-m", "harness.realworld_worker", str(path), str(out_path)],
            cwd=ORACLE_DIR, capture_output=True, text=True, timeout=KERAS_TIMEOUT,
        )
        if proc.returncode != 0 or not out_path.exists():
            return {}, None, f"the Keras process exited {proc.returncode}:\n{proc.stderr[-4000:]}"
        out = json.loads(out_path.read_text())
    return out, out["buildSeconds"], out["error"]


def run_engine(path: Path) -> tuple[dict | None, str | None]:
    if not CLI.exists():
        return None, f"{CLI} is missing: run `npm run build`"
    proc = subprocess.run(
        ["node", str(CLI), "summary", str(path), "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=ENGINE_TIMEOUT,
    )
    if proc.returncode == NO_MODEL_EXIT:
        return {"models": []}, None
    if proc.returncode != 0:
        return None, f"`keras-lower summary --json` exited {proc.returncode}: {proc.stderr.strip()[-2000:]}"
    try:
        return json.loads(proc.stdout), None
    except json.JSONDecodeError as error:
        return None, f"`keras-lower summary --json` printed no JSON ({error}): {proc.stdout[:500]!r}"


def _connections(engine_row: dict) -> list[str]:
    # The engine may leave out `[node][tensor]` for the first node's first tensor, as its text table does.
    return [c if "[" in c else f"{c}[0][0]" for c in engine_row.get("connectedTo") or []]


def compare_row(var: str, keras_row: dict, ours: dict) -> Finding:
    name = keras_row["name"]
    if ours.get("status") == "unknown":
        if ours.get("reasons"):
            reason = "; ".join(r.get("message", "?") for r in ours["reasons"])
            return Finding("unknown", var, name, reason)
        return Finding("mismatch", var, name, "status `unknown` without a reason")
    diffs = []
    if ours.get("name") != name:
        diffs.append(f"name: ours {ours.get('name')!r}, Keras {name!r}")
    if ours.get("class") != keras_row["class"]:
        diffs.append(f"class: ours {ours.get('class')!r}, Keras {keras_row['class']!r}")
    # Keras prints "?" (None here) when it cannot say: there is nothing to compare the shape with.
    if keras_row["outputShape"] is not None and ours.get("outputShape") != keras_row["outputShape"]:
        diffs.append(f"outputShape: ours {ours.get('outputShape')}, Keras {keras_row['outputShape']}")
    if ours.get("params") != keras_row["params"]:
        unbuilt = " (unbuilt in Keras)" if keras_row.get("unbuilt") else ""
        diffs.append(f"params: ours {ours.get('params')}, Keras {keras_row['params']}{unbuilt}")
    if _connections(ours) != keras_row["connectedTo"]:
        diffs.append(f"connectedTo: ours {_connections(ours)}, Keras {keras_row['connectedTo']}")
    if diffs:
        return Finding("mismatch", var, name, f"[{ours.get('status')}] " + "; ".join(diffs))
    return Finding("match", var, name)


def compare_model(keras_model: dict, ours: dict) -> list[Finding]:
    var = keras_model["variable"]
    findings: list[Finding] = []
    model_diffs = [
        f"{key}: ours {ours.get(key)!r}, Keras {keras_model[key]!r}"
        for key in ("name", "class") if ours.get(key) != keras_model[key]
    ]
    # Rows are aligned by name, so one missing row reads as one missing row, not as every later row shifted.
    k_rows, o_rows = keras_model["layers"], ours.get("layers") or []
    matcher = difflib.SequenceMatcher(None, [r["name"] for r in k_rows], [r.get("name") for r in o_rows],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if op in ("equal", "replace") else 0
        for k in range(pairs):
            findings.append(compare_row(var, k_rows[i1 + k], o_rows[j1 + k]))
        for k_row in k_rows[i1 + pairs:i2]:
            findings.append(Finding("mismatch", var, k_row["name"],
                                    f"missing: Keras has {k_row['name']} ({k_row['class']}) {k_row['outputShape']}"))
        for o_row in o_rows[j1 + pairs:j2]:
            findings.append(Finding("mismatch", var, str(o_row.get("name")),
                                    f"extra: ours has {o_row.get('name')} ({o_row.get('class')}, "
                                    f"{o_row.get('status')}), Keras has no such row"))
    findings = _out_of_order(findings, k_rows, o_rows)
    any_unknown = any(f.kind == "unknown" for f in findings)
    for key in ("totalParams", "trainableParams", "nonTrainableParams"):
        if ours.get(key) is None and any_unknown:
            continue  # a total over unknown rows is rightly unknown
        if ours.get(key) != keras_model[key]:
            model_diffs.append(f"{key}: ours {ours.get(key)}, Keras {keras_model[key]}")
    if model_diffs:
        findings.append(Finding("mismatch", var, "(model)", "; ".join(model_diffs)))
    return findings


def _out_of_order(findings: list[Finding], k_rows: list[dict], o_rows: list[dict]) -> list[Finding]:
    """A row both "missing" and "extra" under one name is one row in another place: say that instead."""
    missing = {f.row for f in findings if f.detail.startswith("missing:")}
    extra = {f.row for f in findings if f.detail.startswith("extra:")}
    moved = missing & extra
    out = []
    for f in findings:
        if f.row in moved and f.detail.startswith("extra:"):
            continue
        if f.row in moved and f.detail.startswith("missing:"):
            k_at = next(i for i, r in enumerate(k_rows) if r["name"] == f.row)
            o_at = next(i for i, r in enumerate(o_rows) if r.get("name") == f.row)
            before = k_rows[k_at - 1]["name"] if k_at else "(first)"
            f = Finding("mismatch", f.model, f.row,
                        f"order: ours lists it as row {o_at}, Keras's summary as row {k_at} (after {before})")
        out.append(f)
    return out


def compare_fixture(result: FixtureResult) -> None:
    if result.engine_error is not None:
        result.findings.append(Finding("mismatch", "*", "(file)", f"the engine failed: {result.engine_error}"))
        return
    ours_by_var: dict[str, dict] = {}
    for model in (result.engine or {}).get("models", []):
        ours_by_var[model.get("variable")] = model  # a rebound variable: its last binding, as at run time
    keras_vars = {m["variable"] for m in result.keras_models}
    for keras_model in result.keras_models:
        ours = ours_by_var.get(keras_model["variable"])
        if ours is None:
            result.unknown_models.append(keras_model["variable"])
        else:
            result.findings += compare_model(keras_model, ours)
    for var, ours in ours_by_var.items():
        if var not in keras_vars:
            result.findings.append(Finding("mismatch", str(var), "(model)",
                                           f"extra model: ours has `{var}` ({ours.get('class')}); at run time "
                                           "no keras.Model is bound to that module-level variable"))


def judge(path: Path) -> FixtureResult:
    result = FixtureResult(path.stem)
    out, result.build_seconds, result.keras_error = run_keras(path)
    result.keras_models = out.get("models", [])
    result.engine, result.engine_error = run_engine(path)
    if result.keras_error is None:
        compare_fixture(result)
    return result


def judge_all(paths: list[Path]) -> dict[str, FixtureResult]:
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        return {r.name: r for r in pool.map(judge, paths)}


def verdict(result: FixtureResult, expected: dict[str, str]) -> str:
    if result.keras_error is not None or result.harness_problems:
        return "BROKEN FIXTURE"
    mismatched = bool(result.mismatches)
    if result.name in expected:
        return "expected mismatch" if mismatched else "NOW MATCHES (remove from list)"
    if mismatched:
        return "MISMATCH"
    return "unknowns" if result.count("unknown") or result.unknown_models else "match"


def table(results: dict[str, FixtureResult], expected: dict[str, str]) -> str:
    header = (f"{'fixture':40} {'models':>6} {'unk.mdl':>7} {'rows':>5} {'match':>5} {'unknown':>7} "
              f"{'mismatch':>8} {'cpu s':>7}  verdict")
    lines = ["real-world fixtures: Keras's model.summary() vs `keras-lower summary --json`", "",
             header, "-" * len(header)]
    totals = {"models": 0, "unk": 0, "match": 0, "unknown": 0, "mismatch": 0}
    for name in sorted(results):
        r = results[name]
        rows = sum(len(m["layers"]) for m in r.keras_models)
        build = f"{r.build_seconds:7.2f}" if r.build_seconds is not None else f"{'-':>7}"
        lines.append(f"{name:40} {len(r.keras_models):6} {len(r.unknown_models):7} {rows:5} {r.count('match'):5} "
                     f"{r.count('unknown'):7} {r.count('mismatch'):8} {build}  {verdict(r, expected)}")
        totals["models"] += len(r.keras_models)
        totals["unk"] += len(r.unknown_models)
        for kind in ("match", "unknown", "mismatch"):
            totals[kind] += r.count(kind)
    lines.append("-" * len(header))
    lines.append(f"{'total (' + str(len(results)) + ' fixtures)':40} {totals['models']:6} {totals['unk']:7} {'':5} "
                 f"{totals['match']:5} {totals['unknown']:7} {totals['mismatch']:8}")
    lines += ["", "unk.mdl: models Keras builds that the engine does not report (not failures);",
              "unknown: rows the engine marks unknown with a reason (not failures); mismatch: failures,",
              "unless the fixture is in EXPECTED_MISMATCHES (test/oracle/test_realworld.py):", ""]
    for name, reason in sorted(expected.items()):
        lines.append(f"  {name}: {reason}")
    if not expected:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def details(results: dict[str, FixtureResult]) -> str:
    """Every mismatch and unknown, fixture by fixture, for whoever fixes the engine."""
    out = ["# Real-world fixtures: mismatches and unknowns", ""]
    for name in sorted(results):
        r = results[name]
        interesting = [f for f in r.findings if f.kind != "match"]
        if not interesting and not r.unknown_models and r.keras_error is None:
            continue
        out.append(f"## {name} (test/fixtures/realworld/{name}.py)")
        if r.keras_error:
            out.append(f"- Keras failed to run the fixture:\n```\n{r.keras_error[-2000:]}\n```")
        for problem in r.harness_problems:
            out.append(f"- HARNESS: {problem}")
        for var in r.unknown_models:
            out.append(f"- unknown model `{var}`: the engine reports no model bound to it")
        for f in interesting:
            out.append(f"- {f.kind} `{f.model}` / `{f.row}`: {f.detail}")
        out.append("")
    return "\n".join(out) + "\n"


def write_reports(results: dict[str, FixtureResult], expected: dict[str, str]) -> str:
    text = table(results, expected)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(text)
    DETAILS.write_text(details(results))
    MODELS.write_text(json.dumps({name: {
        "error": r.keras_error is not None, "models": [m["variable"] for m in r.keras_models],
        "unknownModels": r.unknown_models, "findings": [[f.model, f.kind] for f in r.findings],
    } for name, r in results.items()}))
    bugs = os.environ.get("KERAS_LOWER_BUGS_FILE")
    if bugs:
        append_bug_reports(Path(bugs), results)
    return text


def append_bug_reports(path: Path, results: dict[str, FixtureResult]) -> None:
    """Appends each mismatch not already in `path` (opt-in, for the engine's to-do list)."""
    existing = path.read_text() if path.exists() else ""
    new = []
    for name in sorted(results):
        for f in results[name].mismatches:
            entry = f"- `{name}` / `{f.model}` / `{f.row}`: {f.detail}"
            if entry not in existing:
                new.append(entry)
    if new:
        with path.open("a") as handle:
            handle.write("\n" + "\n".join(new) + "\n")
