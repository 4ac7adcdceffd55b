"""Notebooks (issue 16): each notebook under test/fixtures/notebooks/ runs its code cells, in order, in a fresh
Keras process, and every keras.Model it binds is compared row by row with `keras-lower summary --json` run on
the .ipynb itself, exactly as test_programs.py judges whole programs (programs_judge: same worker, same patched
loaders and synthetic data, same matching and comparison).

The Keras side runs the notebook's program as the engine's own mapping makes it (server/src/core/notebook,
called through tsx, not re-implemented here): code cells joined with one line break, IPython `%`/`%%`/`!` lines
blanked in place, so the lines Keras records for each binding are the lines of the engine's ranges.
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from harness import programs_judge, realworld
from harness.paths import FIXTURES, ROOT
from harness.realworld import FixtureResult

NOTEBOOKS = sorted((FIXTURES / "notebooks").glob("*.ipynb"))
MIN_NOTEBOOKS = 8
MAX_CPU_SECONDS = 30.0

# notebook -> why the engine does not match Keras on it yet. Only ever remove entries.
EXPECTED_MISMATCHES: dict[str, str] = {}

_PROGRAMS = """
const { readFileSync } = require('node:fs');
const { readIpynb } = require(%s);
const programs = JSON.parse(readFileSync(0, 'utf8')).map((path) => {
  const read = readIpynb(readFileSync(path, 'utf8'));
  if (!read.ok) throw new Error(`${path}: ${read.reason}`);
  return read.notebook.program.text;
});
process.stdout.write(JSON.stringify(programs));
""" % json.dumps(str(ROOT / "server" / "src" / "core" / "notebook" / "ipynb.ts"))


def notebook_programs(paths: list[Path]) -> dict[str, str]:
    """Each notebook's program, from the engine's own cell mapping (one node process for all)."""
    proc = subprocess.run(
        ["node", "--import", "tsx", "-e", _PROGRAMS],
        cwd=ROOT, input=json.dumps([str(p) for p in paths]), capture_output=True, text=True, timeout=120,
        check=True,
    )
    return dict(zip((p.stem for p in paths), json.loads(proc.stdout)))


def judge(path: Path, program: str) -> FixtureResult:
    result = FixtureResult(path.stem)
    with tempfile.TemporaryDirectory() as tmp:
        program_path = Path(tmp) / f"{path.stem}.py"
        program_path.write_text(program)
        out, result.build_seconds, result.keras_error = programs_judge.run_keras(program_path)
    result.keras_models = out.get("models", [])
    result.engine, result.engine_error = realworld.run_engine(path)
    if result.keras_error is None:
        programs_judge.compare_program(result)
    return result


@pytest.fixture(scope="session")
def notebook_results(request) -> dict[str, FixtureResult]:
    selected = {
        item.callspec.params["notebook"]
        for item in request.session.items
        if getattr(item, "callspec", None) is not None and "notebook" in item.callspec.params
    }
    paths = [p for p in NOTEBOOKS if p.stem in selected]
    programs = notebook_programs(paths)
    with ThreadPoolExecutor(max_workers=realworld.PARALLEL) as pool:
        return {r.name: r for r in pool.map(lambda p: judge(p, programs[p.stem]), paths)}


def test_there_are_enough_notebooks() -> None:
    assert len(NOTEBOOKS) >= MIN_NOTEBOOKS, f"{len(NOTEBOOKS)} notebooks in {FIXTURES / 'notebooks'}"


def test_every_notebook_names_its_example_and_has_notebook_parts() -> None:
    for path in NOTEBOOKS:
        cells = json.loads(path.read_text())["cells"]
        first = "".join(cells[0]["source"])
        assert cells[0]["cell_type"] == "markdown" and "Modelled on" in first, f"{path.name}: no 'Modelled on'"
        code = [c for c in cells if c["cell_type"] == "code"]
        assert any(c["outputs"] for c in code) and all("execution_count" in c for c in code), path.name
        sources = ["".join(c["source"]) for c in code]
        assert any(line.lstrip().startswith(("%", "!")) for s in sources for line in s.split("\n")), path.name


@pytest.mark.parametrize("notebook", [p.stem for p in NOTEBOOKS])
def test_notebook_matches_keras(notebook: str, notebook_results: dict[str, FixtureResult]) -> None:
    result = notebook_results[notebook]
    assert result.keras_error is None, f"the notebook's cells do not run under Keras:\n{result.keras_error}"
    assert result.keras_models, "the notebook binds no keras.Model to a module-level variable"
    assert not result.harness_problems, result.harness_problems
    assert result.build_seconds is not None and result.build_seconds < MAX_CPU_SECONDS
    assert not result.unknown_models, f"models the engine does not report: {result.unknown_models}"
    mismatches = "\n".join(f"  {f.model} / {f.row}: {f.detail}" for f in result.mismatches)
    if notebook in EXPECTED_MISMATCHES:
        assert result.mismatches, f"{notebook} now matches Keras: take it off EXPECTED_MISMATCHES"
    else:
        assert not result.mismatches, f"the engine differs from Keras:\n{mismatches}"
