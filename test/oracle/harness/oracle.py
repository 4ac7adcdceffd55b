"""One fixture program through the whole oracle: the engine's summary, every lowering through both the
CLI and the language server, the AST check, and one fresh Keras process that judges them all.
Results are memoised per program, so every test of a program shares one Keras process."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import engine, lowered_ast, matrix, mutants, programs
from .inputs import REALWORLD_UNKNOWN_DIM, UNKNOWN_DIM
from .naming import module_class_name
from .engine import EngineError, Target
from .paths import RESULTS
from .spec import is_chain_layer

ORACLE_DIR = Path(__file__).resolve().parents[1]
WORKER_TIMEOUT = 1800


@dataclass
class Lowering:
    target: Target
    cli: str | None = None
    lsp: str | None = None
    problems: list[str] = field(default_factory=list)  # engine errors, LSP/CLI mismatch, AST findings
    path: Path | None = None  # the lowered text the Keras process runs
    result: dict | None = None  # the Keras process's verdict


@dataclass
class ProgramRun:
    program: programs.Program
    summary: dict | None
    summary_error: str | None
    lowerings: dict[str, Lowering]  # by Target.id
    mutants: dict[str, Lowering]  # by mutant name
    keras_error: str | None
    facts: dict  # what Keras says about each model, by variable

    def engine_model(self, var: str) -> dict | None:
        models = (self.summary or {}).get("models", [])
        return next((m for m in models if m["variable"] == var), None)

    def for_model(self, var: str, mode: str) -> list[Lowering]:
        return [low for low in self.lowerings.values() if low.target.model == var and low.target.mode == mode]


LOWERABLE = ("exact", "differs")


def targets_of(summary: dict, models: tuple[str, ...], modes: tuple[str, ...] = ("layer", "module")) -> list[Target]:
    """Every layer the engine says it lowers, and every model all of whose layers it lowers. (The matrix
    tests separately require that every layer of their models was lowered.)"""
    targets = []
    for model in summary.get("models", []):
        if model["variable"] not in models:
            continue
        layers = [layer for layer in model["layers"] if layer["class"] != "InputLayer"]
        if "layer" in modes:
            # A matrix case's consumer is not lowered on its own: it checks the lowered layer's static shape.
            targets += [Target(model["variable"], layer["name"], layer["range"])
                        for layer in layers if layer["status"] in LOWERABLE and not is_chain_layer(layer["name"])]
        if "module" in modes and all(layer["status"] in LOWERABLE for layer in layers):
            targets.append(Target(model["variable"], None, model["range"]))
    return targets


def _lower_all(program: programs.Program, targets: list[Target]) -> dict[str, Lowering]:
    lowerings = {t.id: Lowering(t) for t in targets}

    def via_cli(target: Target) -> None:
        try:
            lowerings[target.id].cli = engine.lower_cli(program.path, target)
        except EngineError as error:
            lowerings[target.id].problems.append(f"CLI: {error}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        cli_jobs = pool.map(via_cli, targets)
        try:
            answers = engine.lower_lsp(program.path, targets) if targets else []
        except EngineError as error:
            answers = [error] * len(targets)
        list(cli_jobs)
    source = program.path.read_text()
    for target, answer in zip(targets, answers):
        low = lowerings[target.id]
        if isinstance(answer, EngineError):
            low.problems.append(str(answer))
        else:
            low.lsp = answer
        if low.lsp is not None and low.cli is not None and low.lsp != low.cli:
            low.problems.append("the code action's text differs from `keras-lower lower`'s output")
        text = low.lsp if low.lsp is not None else low.cli
        if text is not None:
            low.problems += _ast_problems(source, text, target)
            low.path = _write_lowered(program, target.id, text)
    return lowerings


def _ast_problems(source: str, text: str, target: Target) -> list[str]:
    try:
        if target.mode == "layer":
            return [f"AST: {p}" for p in lowered_ast.check_layer_mode(source, text)]
        return [f"AST: {p}" for p in lowered_ast.check_module_mode(source, text, module_class_name(target.model))]
    except SyntaxError as error:
        return [f"the lowered text does not parse: {error}"]


def _write_lowered(program: programs.Program, name: str, text: str) -> Path:
    path = RESULTS / "lowered" / program.name / f"{name.replace(':', '_')}.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _mutate(program: programs.Program, lowerings: dict[str, Lowering]) -> dict[str, Lowering]:
    out = {}
    for mutant in mutants.for_program(program.name):
        base = lowerings.get(mutant.target_id)
        low = Lowering(base.target if base else Target(mutant.model, None, {}))
        text = base and (base.lsp if base.lsp is not None else base.cli)
        if text is None:
            low.problems.append(f"no lowered text for {mutant.target_id} to mutate")
        else:
            try:
                low.path = _write_lowered(program, f"mutant_{mutant.name}", mutant.apply(text))
            except mutants.PatternNotFound as error:
                low.problems.append(str(error))
        out[mutant.name] = low
    return out


def _same_call(summary: dict, low: Lowering) -> list[str]:
    """The layers one constructor call makes (a helper or a loop): lowering the call lowers all of them."""
    rows = [row for model in summary.get("models", []) if model["variable"] == low.target.model for row in model["layers"]]
    return [row["name"] for row in rows if row["range"] == low.target.range] or [low.target.layer]


def _run_keras(program: programs.Program, judged: dict[str, Lowering], summary: dict) -> tuple[dict, str | None]:
    """Runs the worker once for the program; fills each Lowering's `result` and returns Keras's facts."""
    job = {
        "source": str(program.path),
        "models": list(program.models),
        "int_high": matrix.int_highs().get(program.name, {}),
        "unknown_dim": REALWORLD_UNKNOWN_DIM if program.name in programs.REALWORLD_NAMES else UNKNOWN_DIM,
        "variants": [
            {"id": key, "model": low.target.model, "layer": low.target.layer, "mode": low.target.mode,
             "path": str(low.path), "same_call": _same_call(summary, low) if low.target.layer else []}
            for key, low in judged.items() if low.path is not None
        ],
    }
    work = RESULTS / "jobs"
    work.mkdir(parents=True, exist_ok=True)
    job_path, out_path = work / f"{program.name}.job.json", work / f"{program.name}.out.json"
    job_path.write_text(json.dumps(job, indent=1))
    out_path.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "harness.worker", str(job_path), str(out_path)],
        cwd=ORACLE_DIR, capture_output=True, text=True, timeout=WORKER_TIMEOUT,
    )
    (work / f"{program.name}.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0 or not out_path.exists():
        return {}, f"the Keras process exited {proc.returncode}:\n{proc.stderr[-4000:]}"
    out = json.loads(out_path.read_text())
    for key, low in judged.items():
        low.result = out["variants"].get(key)
    return out["facts"], out["error"]


# Programs run two at a time (each in its own Keras process), in the order the tests will ask for them.
PARALLEL = 2
_executor = ThreadPoolExecutor(max_workers=PARALLEL)
_lock = threading.Lock()
_runs: dict[str, Future] = {}


def prefetch(names: list[str]) -> None:
    """Starts the programs the selected tests need; `run` then waits for each one's result."""
    for name in names:
        _submit(name)


def _submit(name: str) -> Future:
    with _lock:
        if not _runs:
            programs.write_generated()  # once, before any program runs
        if name not in _runs:
            _runs[name] = _executor.submit(_run, name)
        return _runs[name]


def run(name: str) -> ProgramRun:
    return _submit(name).result()


def completed_runs() -> list[ProgramRun]:
    """The programs this session has run (for the report), in a stable order."""
    return [
        _runs[p.name].result() for p in programs.ALL
        if p.name in _runs and _runs[p.name].done() and _runs[p.name].exception() is None
    ]


def _run(name: str) -> ProgramRun:
    program = programs.BY_NAME[name]
    try:
        summary, summary_error = engine.summary(program.path), None
    except EngineError as error:
        summary, summary_error = None, str(error)
    if not program.models and summary:
        program = replace(program, models=tuple(m["variable"] for m in summary["models"] if m.get("variable")))
    lowerings = _lower_all(program, targets_of(summary, program.models, program.modes) if summary else [])
    mutated = _mutate(program, lowerings)
    judged = {**lowerings, **{f"mutant:{k}": v for k, v in mutated.items()}}
    facts, keras_error = _run_keras(program, judged, summary or {})
    return ProgramRun(program, summary, summary_error, lowerings, mutated, keras_error, facts)
