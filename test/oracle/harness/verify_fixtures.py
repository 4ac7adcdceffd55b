"""`keras-lower verify` over every real-program fixture (test/fixtures/programs, test/fixtures/realworld and the
notebooks of test/fixtures/notebooks), offline, one file at a time: per model whether layer mode and module
mode verified equal to Keras, the seconds the worker spent on it, and in one line why not.
`python -m harness.verify_fixtures` prints the table."""
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from harness.paths import CLI, FIXTURES, RESULTS, ROOT

DIRS = ("programs", "realworld", "notebooks")
# Any download would fail: the proxy is a closed local port.
OFFLINE = {**os.environ, "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
TABLE = RESULTS / "verify_fixtures.txt"


@dataclass
class ModelResult:
    folder: str
    file: str
    variable: str
    layer: bool
    module: bool
    seconds: float | None
    reason: str

    @property
    def name(self) -> str:
        return f"{self.folder}/{self.file}:{self.variable}"


def mode_reason(title: str, mode: dict | None) -> str | None:
    """Why a mode did not verify equal (None when it did)."""
    if mode is None:
        return f"{title}: not run"
    if mode.get("refused"):
        return f"{title} refused: {mode['refused']}"
    if mode.get("error"):
        return f"{title} failed: {mode['error'].strip().splitlines()[-1]}"
    rows = mode.get("layers") or mode.get("outputs") or []
    if not any(row.get("lowered", True) for row in rows):
        return f"{title}: nothing lowered"
    if mode.get("ok"):
        return None
    bad = [row for row in rows if row.get("lowered", True) and not row["ok"]]
    return f"{title} differs: " + ", ".join(f"{row['layer']} ({row.get('problem')})" for row in bad[:3])


def verify_file(path, python: str = sys.executable) -> list[ModelResult]:
    proc = subprocess.run(["node", str(CLI), "verify", str(path), "--json", "--python", python],
                          cwd=ROOT, capture_output=True, text=True, timeout=900, env=OFFLINE)
    folder, file = path.parent.name, path.name
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        message = (proc.stderr.strip() or proc.stdout.strip() or f"exit {proc.returncode}").splitlines()[-1]
        return [ModelResult(folder, file, "*", False, False, None, f"no report: {message}")]
    if report.get("error"):
        return [ModelResult(folder, file, "*", False, False, None, report["error"]["message"].splitlines()[0])]
    results = []
    for model in report["models"]:
        if model.get("error"):
            reason = model["error"].splitlines()[0]
            results.append(ModelResult(folder, file, model["variable"], False, False, model.get("seconds"), reason))
            continue
        layer = mode_reason("layer mode", model.get("layerMode"))
        module = mode_reason("module mode", model.get("moduleMode"))
        reason = "; ".join(r for r in (layer, module) if r)
        results.append(ModelResult(folder, file, model["variable"], layer is None, module is None,
                                   model.get("seconds"), reason))
    return results


def fixture_files(folders=DIRS):
    return [path for folder in folders for pattern in ("*.py", "*.ipynb")
            for path in sorted((FIXTURES / folder).glob(pattern))]


def table(results: list[ModelResult]) -> str:
    lines = []
    for folder in DIRS:
        mine = [r for r in results if r.folder == folder]
        if not mine:
            continue
        both = sum(r.layer and r.module for r in mine)
        lines.append(f"{folder}: layer mode {sum(r.layer for r in mine)}/{len(mine)}, module mode "
                     f"{sum(r.module for r in mine)}/{len(mine)}, both {both}/{len(mine)}")
    both = sum(r.layer and r.module for r in results)
    lines.append(f"all: layer mode {sum(r.layer for r in results)}/{len(results)}, module mode "
                 f"{sum(r.module for r in results)}/{len(results)}, both {both}/{len(results)} "
                 f"({100 * both / max(1, len(results)):.0f}%)")
    seconds = [r.seconds for r in results if r.seconds is not None]
    if seconds:
        lines.append(f"seconds per model: median {statistics.median(seconds):.1f}, max {max(seconds):.1f}")
    lines.append("")
    for r in results:
        mark = "ok  " if r.layer and r.module else "FAIL"
        lines.append(f"{mark} {r.name}  layer={'=' if r.layer else 'x'} module={'=' if r.module else 'x'}"
                     + (f"  {r.reason}" if r.reason else ""))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> None:
    paths = [FIXTURES / arg for arg in argv] if argv else fixture_files()
    results = []
    for path in paths:
        results += verify_file(path)
        print(f"{path}: done", file=sys.stderr, flush=True)
    text = table(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(text)
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
