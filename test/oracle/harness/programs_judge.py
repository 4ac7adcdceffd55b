"""The programs oracle's parent side: each whole program under test/fixtures/programs/ runs under Keras
(`programs_worker`, one fresh process each, synthetic data), and every model it binds is compared with
`keras-lower summary --json`, row by row, by realworld's own comparison (imported, not copied).

Matching a Keras binding to an engine model: the engine's model with the same `variable` whose `range` shares a
line with the statement that bound it (the worker records each binding's first and last line; the engine's range
is the binding statement, or the module-level block holding it); when several bindings share those lines (a
statement in a module-level loop binds once per pass), the binding whose model has the engine model's name,
else the first. Engine models of that variable
left over after that are matched to the variable's still unmatched bindings in order (the k-th left-over
engine model to the k-th left-over binding).
A binding with no engine model is an unknown model (reported, not failed); an engine model with no binding is
an extra model (a mismatch).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import realworld
from .paths import FIXTURES
from .realworld import Finding, FixtureResult

FIXTURE_DIR = FIXTURES / "programs"
KERAS_TIMEOUT = 240


def fixtures() -> list[Path]:
    return sorted(FIXTURE_DIR.glob("*.py"))


def label(binding: dict, bindings_of_variable: int) -> str:
    """How a model is named in findings: its variable, and which binding when the variable has several."""
    if bindings_of_variable == 1:
        return binding["variable"]
    return f"{binding['variable']}#{binding['binding']} (line {binding['firstLine']})"


def run_keras(path: Path) -> tuple[dict, float | None, str | None]:
    with tempfile.TemporaryDirectory() as tmp:
        out_path = Path(tmp) / "out.json"
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "harness.programs_worker", str(path), str(out_path)],
                cwd=realworld.ORACLE_DIR, capture_output=True, text=True, timeout=KERAS_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return {}, None, f"the Keras process ran over {KERAS_TIMEOUT} s"
        if proc.returncode != 0 or not out_path.exists():
            return {}, None, f"the Keras process exited {proc.returncode}:\n{proc.stderr[-4000:]}"
        out = json.loads(out_path.read_text())
    return out, out["buildSeconds"], out["error"]


def match_models(keras_models: list[dict], engine_models: list[dict]) -> list[tuple[dict, dict | None]]:
    """(Keras binding, engine model or None) in program order; see the module docstring for the rule."""
    pairs: dict[int, dict | None] = {i: None for i in range(len(keras_models))}
    left = list(engine_models)
    for ours in engine_models:
        start, end = (ours.get("range", {}).get(end, {}).get("line", -2) + 1 for end in ("start", "end"))
        at = [i for i, km in enumerate(keras_models) if pairs[i] is None and km["variable"] == ours.get("variable")
              and start <= km["lastLine"] and km["firstLine"] <= end]
        # A statement in a loop binds once per pass: the pass whose model has the engine's model name.
        named = [i for i in at if keras_models[i]["name"] == ours.get("name")]
        if named or at:
            pairs[(named or at)[0]] = ours
            left.remove(ours)
    for i, km in enumerate(keras_models):
        if pairs[i] is None:
            ours = next((m for m in left if m.get("variable") == km["variable"]), None)
            if ours is not None:
                pairs[i] = ours
                left.remove(ours)
    extra = [(None, ours) for ours in left]
    return [(keras_models[i], pairs[i]) for i in range(len(keras_models))] + extra  # type: ignore[list-item]


def compare_program(result: FixtureResult) -> None:
    if result.engine_error is not None:
        result.findings.append(Finding("mismatch", "*", "(file)", f"the engine failed: {result.engine_error}"))
        return
    counts: dict[str, int] = {}
    for km in result.keras_models:
        counts[km["variable"]] = counts.get(km["variable"], 0) + 1
    for km, ours in match_models(result.keras_models, (result.engine or {}).get("models", [])):
        if km is None:
            assert ours is not None
            line = ours.get("range", {}).get("start", {}).get("line", -1) + 1
            result.findings.append(Finding("mismatch", str(ours.get("variable")), "(model)",
                                           f"extra model: ours has `{ours.get('variable')}` at line {line}; at run "
                                           "time no keras.Model is bound there"))
            continue
        name = label(km, counts[km["variable"]])
        if ours is None:
            result.unknown_models.append(name)
        else:
            result.findings += realworld.compare_model({**km, "variable": name}, ours)


def judge(path: Path) -> FixtureResult:
    result = FixtureResult(path.stem)
    out, result.build_seconds, result.keras_error = run_keras(path)
    result.keras_models = out.get("models", [])
    result.engine, result.engine_error = realworld.run_engine(path)
    if result.keras_error is None:
        compare_program(result)
    return result


def judge_all(paths: list[Path]) -> dict[str, FixtureResult]:
    with ThreadPoolExecutor(max_workers=realworld.PARALLEL) as pool:
        return {r.name: r for r in pool.map(judge, paths)}


def verdicts(findings: list[tuple[str, str]], unknown_models: list[str], labels: list[str]) -> dict[str, str]:
    """Per Keras model (by its label), from (model, kind) findings: "equal" (every row and total matches
    Keras), "unknown" (the engine does not report it, or marks a row unknown with a reason) or "mismatch"."""
    if any(model == "*" for model, _ in findings):  # the engine failed on the whole file
        return {name: "mismatch" for name in labels}
    out = {}
    for name in labels:
        kinds = {kind for model, kind in findings if model == name}
        if "mismatch" in kinds:
            out[name] = "mismatch"
        elif "unknown" in kinds or name in unknown_models:
            out[name] = "unknown"
        else:
            out[name] = "equal"
    return out


def model_verdicts(result: FixtureResult) -> dict[str, str]:
    if result.keras_error is not None:
        return {}
    return verdicts([(f.model, f.kind) for f in result.findings], result.unknown_models, labels(result))


def labels(result: FixtureResult) -> list[str]:
    counts: dict[str, int] = {}
    for km in result.keras_models:
        counts[km["variable"]] = counts.get(km["variable"], 0) + 1
    return [label(km, counts[km["variable"]]) for km in result.keras_models]
