"""Readable reasons why a lowering failed the oracle, for assertion messages."""
from __future__ import annotations

from .oracle import Lowering, ProgramRun


def failures(low: Lowering, *, with_initializers: bool = False) -> list[str]:
    """Everything wrong with one lowering: engine/LSP/AST problems and the Keras process's verdict."""
    where = low.target.id
    out = [f"{where}: {p}" for p in low.problems]
    result = low.result
    if low.path is not None and result is None:
        out.append(f"{where}: the Keras process returned no verdict")
    if not result:
        return out
    out += [f"{where}: {p}" for p in result.get("problems", [])]
    out += [
        f"{where}: layer {c['layer']}, {c['case']} inputs: {c['problem']}"
        for c in result.get("cases", []) if not c["ok"]
    ]
    dropout = result.get("dropout")
    if dropout and not dropout["ok"]:
        out.append(f"{where}: dropout in training mode: {dropout['problem']}")
    if with_initializers:
        out += [f"{where}: initializer of {c['weight']}: {c['problem']}" for c in result.get("initializers", []) if not c["ok"]]
    return out


# What a case's failed check means for a rejection.
_CASE_CHECKS = {"values": "numbers", "shape": "shape", "dtype": "shape", "nonfinite": "nonfinite", "empty": "empty"}


def rejections(low: Lowering) -> set[str]:
    """Which checks rejected a lowering: "lowering" (the engine, the LSP or the AST check), "build" (the Keras
    process could not build or run it, or nothing was compared), "shape", "nonfinite", "empty", "numbers"
    (values compared and off), "training mode", "initializer statistics"."""
    out = {"lowering"} if low.problems else set()
    result = low.result or {}
    for problem in result.get("problems", []):
        # Weights of other shapes (the consumer after a layer whose output shape changed) are a shape check.
        out.add("shape" if "set_weights needs the same order" in problem else "build")
    out |= {_CASE_CHECKS.get(c.get("check"), "numbers") for c in result.get("cases", []) if not c["ok"]}
    if result.get("dropout") and not result["dropout"]["ok"]:
        out.add("training mode")
    if any(not c["ok"] for c in result.get("initializers", [])):
        out.add("initializer statistics")
    return out


def program_problems(run: ProgramRun) -> list[str]:
    """Problems that sink every test of the program: the engine or Keras could not run it at all."""
    out = []
    if run.summary_error:
        out.append(f"engine summary failed: {run.summary_error}")
    if run.keras_error:
        out.append(f"Keras could not run {run.program.path.name}: {run.keras_error}")
    return out
