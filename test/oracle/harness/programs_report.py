"""The programs oracle's table (test-results/programs-table.txt) and details: per program, the models Keras
bound and how many the engine got equal / unknown / mismatched, and issue 11's figure, the share of models
whose summary equals Keras across test/fixtures/realworld/ and test/fixtures/programs/.
"""
from __future__ import annotations

import json
import time
from . import programs_judge, realworld
from .paths import ROOT
from .realworld import FixtureResult

TABLE = ROOT / "test-results" / "programs-table.txt"
DETAILS = ROOT / "test-results" / "programs-details.md"
GOAL = 0.90  # issue 11: summaries equal to Keras for >= 90% of the real-program fixtures' models


def _count(verdicts: dict[str, str], kind: str) -> int:
    return sum(v == kind for v in verdicts.values())


def realworld_verdicts(since: float) -> tuple[dict[str, dict[str, str]] | None, str]:
    """Per realworld fixture, its models' verdicts, from the file test_realworld.py writes, and where from."""
    path = realworld.MODELS
    if not path.exists():
        return None, "realworld/ not judged (run test/oracle/test_realworld.py in the same session)"
    age = "this session" if path.stat().st_mtime >= since else (
        "an earlier run, " + time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(path.stat().st_mtime)))
    data = json.loads(path.read_text())
    out = {}
    for name, fixture in data.items():
        if not fixture["error"]:
            findings = [(model, kind) for model, kind in fixture["findings"]]
            out[name] = programs_judge.verdicts(findings, fixture["unknownModels"], list(dict.fromkeys(fixture["models"])))
    return out, f"realworld/ from {age} ({path.relative_to(ROOT)})"


def table(results: dict[str, FixtureResult], expected: dict[str, str], since: float) -> str:
    header = (f"{'program':36} {'models':>6} {'equal':>5} {'unk.':>4} {'mism.':>5} {'rows':>4} {'r.match':>7} "
              f"{'r.unk':>5} {'r.mism':>6} {'cpu s':>6}  verdict")
    lines = ["whole programs (test/fixtures/programs/): Keras running the program vs `keras-lower summary --json`",
             "", header, "-" * len(header)]
    per_program = {name: programs_judge.model_verdicts(r) for name, r in results.items()}
    for name in sorted(results):
        r, v = results[name], per_program[name]
        rows = sum(len(m["layers"]) for m in r.keras_models)
        cpu = f"{r.build_seconds:6.1f}" if r.build_seconds is not None else f"{'-':>6}"
        lines.append(f"{name:36} {len(r.keras_models):6} {_count(v, 'equal'):5} {_count(v, 'unknown'):4} "
                     f"{_count(v, 'mismatch'):5} {rows:4} {r.count('match'):7} {r.count('unknown'):5} "
                     f"{r.count('mismatch'):6} {cpu}  {realworld.verdict(r, expected)}")
    lines.append("-" * len(header))
    lines += ["", "models: keras.Model bindings at module level, rebound ones included (a variable bound twice is",
              "`var#k (line L)`); equal: every row and total equals Keras; unk.: the engine does not report the",
              "model or marks a row unknown with a reason (not a failure); mism.: a row or total differs.", ""]
    lines += figure(per_program, since)
    lines += ["", "EXPECTED_MISMATCHES (test/oracle/test_programs.py):"]
    lines += [f"  {name}: {reason}" for name, reason in sorted(expected.items())] or ["  (none)"]
    return "\n".join(lines) + "\n"


def figure(per_program: dict[str, dict[str, str]], since: float) -> list[str]:
    lines = []
    groups = {"programs/": per_program}
    rw, source = realworld_verdicts(since)
    if rw is not None:
        groups["realworld/"] = rw
    total = {"equal": 0, "unknown": 0, "mismatch": 0}
    for group, fixtures in groups.items():
        counts = {k: sum(_count(v, k) for v in fixtures.values()) for k in total}
        models = sum(counts.values())
        share = counts["equal"] / models if models else 0.0
        lines.append(f"{group:11} {models:4} models: {counts['equal']} equal ({share:.1%}), "
                     f"{counts['unknown']} unknown, {counts['mismatch']} mismatched, in {len(fixtures)} fixtures")
        for k in total:
            total[k] += counts[k]
    models = sum(total.values())
    share = total["equal"] / models if models else 0.0
    scope = "realworld/ + programs/" if rw is not None else "programs/ only"
    lines.append(f"issue 11 figure ({scope}): {total['equal']}/{models} models equal to Keras = {share:.1%} "
                 f"(goal >= {GOAL:.0%}: {'met' if share >= GOAL else 'NOT met'})")
    lines.append(source)
    return lines


def details(results: dict[str, FixtureResult]) -> str:
    out = ["# Whole programs: mismatches and unknowns", ""]
    for name in sorted(results):
        r = results[name]
        interesting = [f for f in r.findings if f.kind != "match"]
        if not interesting and not r.unknown_models and r.keras_error is None:
            continue
        out.append(f"## {name} (test/fixtures/programs/{name}.py)")
        if r.keras_error:
            out.append(f"- Keras failed to run the program:\n```\n{r.keras_error[-2000:]}\n```")
        for problem in r.harness_problems:
            out.append(f"- HARNESS: {problem}")
        for var in r.unknown_models:
            out.append(f"- unknown model `{var}`: the engine reports no model bound there")
        for f in interesting:
            out.append(f"- {f.kind} `{f.model}` / `{f.row}`: {f.detail}")
        out.append("")
    return "\n".join(out) + "\n"


def write(results: dict[str, FixtureResult], expected: dict[str, str], since: float) -> str:
    text = table(results, expected, since)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(text)
    DETAILS.write_text(details(results))
    return text
