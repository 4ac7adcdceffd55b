"""The oracle's table: per rule and mode, how many lowerings were judged, the worst errors, and how many
mutants were caught. Written to test-results/oracle-table.txt and printed at the end of the run."""
from __future__ import annotations

from collections import defaultdict

from .oracle import Lowering, ProgramRun
from .paths import ROOT
from .verdicts import trained

TABLE = ROOT / "test-results" / "oracle-table.txt"


def row_key(run: ProgramRun, low: Lowering) -> str:
    if low.target.mode == "layer":
        model = run.engine_model(low.target.model) or {"layers": []}
        cls = next((row["class"] for row in model["layers"] if row["name"] == low.target.layer), "?")
        return f"{cls} (layer mode)"
    if run.program.name.startswith("realworld_"):
        return "real-world models (module mode)"
    return f"{run.program.family or run.program.name} (module mode)"


def verdict(low: Lowering) -> bool:
    return not low.problems and bool(low.result) and low.result["ok"]


def table(runs: list[ProgramRun]) -> str:
    rows: dict[str, dict] = defaultdict(lambda: {"cases": 0, "ok": 0, "abs": 0.0, "rel": 0.0, "caught": 0, "mutants": 0,
                                                 "values": 0, "fewest": None, "trained": 0, "stepped": 0})
    for run in runs:
        for low in run.lowerings.values():
            if run.program.name.startswith("realworld_") and any("exited 7" in p for p in low.problems):
                continue  # a real-world model the engine refuses is not judged
            row = rows[row_key(run, low)]
            row["cases"] += 1
            row["ok"] += verdict(low)
            elements = (low.result or {}).get("elements", 0)
            row["values"] += elements
            row["fewest"] = elements if row["fewest"] is None else min(row["fewest"], elements)
            mode, step = trained(low)
            row["trained"] += mode
            row["stepped"] += step
            for case in (low.result or {}).get("cases", []):
                row["abs"] = max(row["abs"], case["abs"] or 0.0)
                row["rel"] = max(row["rel"], case["rel"] or 0.0)
        for mutant in run.mutants.values():
            row = rows[row_key(run, mutant)]
            row["mutants"] += 1
            row["caught"] += not mutant.problems and bool(mutant.result) and not mutant.result["ok"]
    header = (f"{'rule':40} {'cases':>5} {'pass':>5} {'values compared':>15} {'fewest/case':>11} {'worst abs err':>14}"
              f" {'worst rel err':>14} {'mutants caught':>15} {'training mode/step':>18}")
    lines = [header, "-" * len(header)]
    for key in sorted(rows):
        r = rows[key]
        lines.append(
            f"{key:40} {r['cases']:5} {r['ok']:5} {r['values']:15} {r['fewest'] or 0:11} {r['abs']:14.3g}"
            f" {r['rel']:14.3g} {r['caught']:>8}/{r['mutants']:<6} {r['trained']:>11}/{r['stepped']:<6}"
        )
    return "\n".join(lines) + "\n"


def write(runs: list[ProgramRun]) -> str:
    text = table(runs)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(text)
    return text
