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
        out.append(f"{where}: numbers in training mode: {dropout['problem']}")
    if with_initializers:
        out += [f"{where}: initializer of {c['weight']}: {c['problem']}" for c in result.get("initializers", []) if not c["ok"]]
    return out


# What a case's failed check means for a rejection.
_CASE_CHECKS = {"values": "numbers", "shape": "shape", "dtype": "shape", "nonfinite": "nonfinite", "empty": "empty"}


def rejections(low: Lowering) -> set[str]:
    """Which checks rejected a lowering: "lowering" (the engine, the LSP or the AST check), "build" (the Keras
    process could not build or run it, or nothing was compared), "shape", "nonfinite", "empty", "numbers"
    (values compared and off), "numbers in training" (a random layer's training-mode outputs, or the activity
    loss it records, are off: its draws never equal Keras's, so their numbers are judged by their distribution and
    the kept values compared), "initializer statistics" (random initial draws: only their statistics can tell)."""
    out = {"lowering"} if low.problems else set()
    result = low.result or {}
    for problem in result.get("problems", []):
        # Weights of other shapes (the consumer after a layer whose output shape changed) are a shape check.
        out.add("shape" if "set_weights needs the same order" in problem else "build")
    out |= {_CASE_CHECKS.get(c.get("check"), "numbers") for c in result.get("cases", []) if not c["ok"]}
    if result.get("dropout") and not result["dropout"]["ok"]:
        out.add(result["dropout"].get("check") or "numbers in training")
    if any(not c["ok"] for c in result.get("initializers", [])):
        out.add("initializer statistics")
    return out


def trained(low: Lowering) -> tuple[bool, bool]:
    """(training mode compared, one optimizer step compared) for a judged lowering."""
    cases = {c["case"] for c in (low.result or {}).get("cases", [])}
    return "training" in cases, "train step" in cases


# Why training mode may be left out: random layers (their draws are judged by noise_stats instead), or, for the
# step, a model that was never compiled (no optimizer, no loss) or a layer-mode lowering (Keras's own step).
HONEST_TRAINING_SKIPS = ("random in training: ", "the model is not compiled", "layer mode has no optimizer step")


def training_gaps(low: Lowering) -> list[str]:
    """Training mode skipped for a reason other than HONEST_TRAINING_SKIPS, or said compared but not compared."""
    result = low.result or {}
    if low.problems or not result.get("ok"):
        return []  # failures() already reports it
    record = result.get("training")
    if record is None:
        return [f"{low.target.id}: the verdict does not say what training mode compared"]
    out = []
    for part, done in zip(("mode", "step"), trained(low)):
        reason = record.get(part)
        if reason is None and not done:
            out.append(f"{low.target.id}: training {part} said compared, but no case was")
        elif reason is not None and not reason.startswith(HONEST_TRAINING_SKIPS):
            out.append(f"{low.target.id}: training {part} not compared: {reason}")
    return out


def program_problems(run: ProgramRun) -> list[str]:
    """Problems that sink every test of the program: the engine or Keras could not run it at all."""
    out = []
    if run.summary_error:
        out.append(f"engine summary failed: {run.summary_error}")
    if run.keras_error:
        out.append(f"Keras could not run {run.program.path.name}: {run.keras_error}")
    return out
