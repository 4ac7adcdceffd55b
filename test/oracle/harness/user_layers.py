"""The user-layer oracle: fixture programs (test/fixtures/user_layers) and the per-op matrix, each lowered by the
built CLI, run in fresh processes (Keras, then the lowered text with Keras's weights copied in) and compared
with compare.py's verdict on every output, eagerly and through model.predict (traced, unknown batch)."""
from __future__ import annotations

import json
import pickle
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import user_layers_cases as op_cases
from .compare import compare
from .engine import EngineError, _node
from .paths import CLI, FIXTURES, RESULTS, ROOT

WORK = RESULTS / "user_layers"
ORACLE_DIR = Path(__file__).resolve().parents[1]


@dataclass
class Item:
    id: str
    path: Path
    inputs: list[str]
    lower_args: list[str]
    mode: str
    lowered: str | EngineError | None = None
    mutant_of: str | None = None
    verdict: dict = field(default_factory=dict)


def header(text: str, key: str) -> str:
    match = re.search(rf"^# {key}: (.*)$", text, re.M)
    if not match:
        raise ValueError(f"missing `# {key}:` header")
    return match.group(1).strip()


def fixture_items() -> list[Item]:
    items = []
    for path in sorted((FIXTURES / "user_layers").glob("*.py")):
        text = path.read_text()
        args = shlex.split(header(text, "lower"))
        mode = "module" if "module" in args else "layer"
        items.append(Item(path.stem, path, header(text, "inputs").split(), args, mode))
    return items


def op_items() -> list[Item]:
    WORK.mkdir(parents=True, exist_ok=True)
    items = []
    for index, case in enumerate(op_cases.CASES):
        path = WORK / f"op_{index:03d}_{case.op}.py"
        path.write_text(op_cases.case_program(index, case))
        items.append(Item(path.stem, path, list(case.inputs), ["--layer", "op_case"], "layer"))
    return items


def mutant_items() -> list[Item]:
    items = []
    for index, mutant in enumerate(op_cases.MUTANTS):
        path = WORK / f"mutant_{index}.py"
        path.write_text(op_cases.case_program(index, op_cases.OpCase("mutant", mutant.expr, mutant.inputs)))
        items.append(Item(f"mutant_{index}", path, list(mutant.inputs), ["--layer", "op_case"], "layer", mutant_of=mutant.name))
    return items


def lower(item: Item) -> None:
    try:
        item.lowered = _node([str(CLI), "lower", str(item.path), *item.lower_args])
    except EngineError as error:
        item.lowered = error


def mutate(item: Item) -> None:
    mutant = next(m for m in op_cases.MUTANTS if m.name == item.mutant_of)
    if isinstance(item.lowered, str):
        mutated, count = re.subn(mutant.regex, mutant.replacement, item.lowered)
        item.lowered = mutated if count else EngineError(f"mutant regex matched nothing in:\n{item.lowered}")


def run_side(side: str, items: list[Item], recorded: Path | None) -> dict:
    job_items = []
    for item in items:
        entry = {"id": item.id, "path": str(item.path), "inputs": item.inputs, "mode": item.mode}
        if side == "lowered":
            lowered_path = WORK / f"{item.id}.lowered.py"
            lowered_path.write_text(item.lowered)
            entry["lowered"] = str(lowered_path)
        job_items.append(entry)
    job = WORK / f"job_{side}.json"
    out = WORK / f"out_{side}.pkl"
    job.write_text(json.dumps({"items": job_items, "recorded": str(recorded) if recorded else None}))
    proc = subprocess.run(
        [sys.executable, "-m", "harness.user_layers_worker", side, str(job), str(out)],
        cwd=ORACLE_DIR, capture_output=True, text=True, timeout=3600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"user_layers_worker {side} failed: {proc.stderr[-4000:]}")
    return pickle.loads(out.read_bytes())


def judge(reference: dict, got: dict) -> dict:
    """Worst errors over every output of every input case, eager and traced; the first problem found."""
    if "error" in reference:
        return {"ok": False, "problem": f"Keras failed: {reference['error']}"}
    if "error" in got:
        return {"ok": False, "problem": f"lowered program failed: {got['error']}"}
    worst = {"ok": True, "abs": 0.0, "rel": 0.0, "problem": None}
    for kind in ("outputs", "traced"):
        for case, ref_outputs in reference[kind].items():
            got_outputs = got[kind][case]
            if len(ref_outputs) != len(got_outputs):
                return {"ok": False, "problem": f"{len(got_outputs)} outputs != Keras {len(ref_outputs)}"}
            for ref, out in zip(ref_outputs, got_outputs):
                verdict = compare(ref, out)
                if not verdict["ok"]:
                    return {**verdict, "problem": f"{kind}/{case}: {verdict['problem']}"}
                worst["abs"] = max(worst["abs"], verdict["abs"] or 0.0)
                worst["rel"] = max(worst["rel"], verdict["rel"] or 0.0)
    return worst


def run_all() -> list[Item]:
    """Lowers and judges every fixture, op case and mutant (two Python processes in all)."""
    WORK.mkdir(parents=True, exist_ok=True)
    items = [*fixture_items(), *op_items(), *mutant_items()]
    for item in items:
        lower(item)
        if item.mutant_of:
            mutate(item)
    reference = run_side("keras", items, None)
    recorded = WORK / "recorded.pkl"
    recorded.write_bytes(pickle.dumps(reference))
    runnable = [item for item in items if isinstance(item.lowered, str)]
    lowered = run_side("lowered", runnable, recorded) if runnable else {}
    for item in items:
        if isinstance(item.lowered, EngineError):
            item.verdict = {"ok": False, "problem": f"engine: {item.lowered}"}
        else:
            item.verdict = judge(reference[item.id], lowered[item.id])
    return items


def ops_table() -> list[dict]:
    proc = subprocess.run(
        ["npx", "tsx", "scripts/readmeTables.ts", "--ops-json"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout)
