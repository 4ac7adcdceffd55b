"""The engine as users reach it: the built CLI (`summary`, `lower`, `rules`) and the language server."""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import CLI, LSP_LOWER, ROOT


class EngineError(Exception):
    """The engine refused or failed; the message carries its exit code and stderr."""


@dataclass(frozen=True)
class Target:
    """One lowering: a layer of a model (layer mode) or a whole model (module mode)."""

    model: str
    layer: str | None  # Keras layer name; None for module mode
    range: dict  # where a user would ask for the code action: the layer's or the model's range

    @property
    def mode(self) -> str:
        return "module" if self.layer is None else "layer"

    @property
    def id(self) -> str:
        return f"{self.model}.{self.layer}" if self.layer else f"{self.model}.module"


def _node(args: list[str], stdin: str | None = None, timeout: float = 120) -> str:
    if not CLI.exists():
        raise EngineError(f"{CLI} is missing: run `npm run build` (or bash scripts/setup.sh)")
    proc = subprocess.run(
        ["node", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, timeout=timeout
    )
    if proc.returncode != 0:
        raise EngineError(f"`node {' '.join(args)}` exited {proc.returncode}: {proc.stderr.strip()}")
    return proc.stdout


def summary(path: Path) -> dict[str, Any]:
    return json.loads(_node([str(CLI), "summary", str(path), "--json"]))


def rules() -> dict[str, Any]:
    return json.loads(_node([str(CLI), "rules", "--json"]))


def lower_cli(path: Path, target: Target) -> str:
    args = [str(CLI), "lower", str(path), "--model", target.model, "--mode", target.mode]
    if target.layer:
        args += ["--layer", target.layer]
    return _node(args)


def lower_lsp(path: Path, targets: list[Target]) -> list[str | EngineError]:
    """Applies the server's own code-action edit for each target (one server for the whole file)."""
    requests = [
        {"range": t.range, "target": "model", "model": t.model}
        if t.layer is None
        else {"range": t.range, "target": "layer", "layer": t.layer}
        for t in targets
    ]
    answers = json.loads(_node([str(LSP_LOWER), str(path)], stdin=json.dumps(requests), timeout=600))
    return [a["text"] if "text" in a else EngineError(f"language server: {a['error']}") for a in answers]
