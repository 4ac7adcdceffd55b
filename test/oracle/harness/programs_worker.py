"""The Keras side of the programs oracle, run as `python -m harness.programs_worker PROGRAM OUT.json` in a fresh
process per program: the WHOLE program runs, as `__main__`, in a temporary working directory, with its data
steps fed synthetic data of the documented shapes (programs_patches, programs_data).

Every keras.Model bound to a module-level name is recorded in program order, rebound ones included: the
program's module AST gets a snapshot call after each statement that runs at module level (inside module-level
`if`/`for`/`with`/`try` blocks too, never inside functions or classes), which records each name that now holds
a keras.Model it did not hold before. A binding is (variable, k-th binding of that variable, the lines of the
statement that bound it). Summary rows are read at the end of the program (as `realworld_worker` reads them, by
import), so a model rebound later is still summarised as the program left it (layers added after the binding
included).
"""
from __future__ import annotations

import ast
import json
import os
import sys
import tempfile
import time
import traceback

from . import realworld_worker  # noqa: F401  (sets the TensorFlow and console environment first)
from . import programs_patches

import keras  # noqa: E402

SNAPSHOT = "__programs_oracle_snapshot__"


class _Instrument(ast.NodeTransformer):
    """Appends `SNAPSHOT(first_line, last_line)` after every statement that runs at module level."""

    def _body(self, statements: list[ast.stmt]) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        for statement in statements:
            out.append(self.visit(statement))
            call = ast.parse(f"{SNAPSHOT}({statement.lineno}, {statement.end_lineno})").body[0]
            out.append(ast.copy_location(call, statement))
        return out

    def visit_Module(self, node: ast.Module) -> ast.Module:
        node.body = self._body(node.body)
        return node

    def _compound(self, node):
        for field in ("body", "orelse", "finalbody"):
            if getattr(node, field, None):
                setattr(node, field, self._body(getattr(node, field)))
        for handler in getattr(node, "handlers", []):
            handler.body = self._body(handler.body)
        return node

    visit_If = visit_For = visit_While = visit_With = visit_Try = _compound

    def visit_FunctionDef(self, node):
        return node  # runs later, not at module level

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef


class Bindings:
    """Each module-level name bound to a keras.Model, in the order the program bound them."""

    def __init__(self, namespace: dict) -> None:
        self.namespace = namespace
        self.current: dict[str, int] = {}  # variable -> id() of the model it holds now
        self.records: list[dict] = []
        self.models: list[object] = []  # keeps every recorded model alive, so ids stay unique

    def __call__(self, first_line: int, last_line: int) -> None:
        for variable, value in list(self.namespace.items()):
            if variable.startswith("__"):
                continue
            if not isinstance(value, keras.Model):
                self.current.pop(variable, None)
                continue
            if self.current.get(variable) == id(value):
                continue
            self.current[variable] = id(value)
            binding = sum(r["variable"] == variable for r in self.records) + 1
            self.records.append({"variable": variable, "binding": binding,
                                 "firstLine": first_line, "lastLine": last_line})
            self.models.append(value)
        for variable in [v for v in self.current if v not in self.namespace]:
            del self.current[variable]  # `del model`: the next model bound to it is a new binding


def run(program: str) -> tuple[dict, Bindings]:
    source = open(program).read()
    tree = _Instrument().visit(ast.parse(source, filename=program))
    code = compile(ast.fix_missing_locations(tree), program, "exec")
    namespace: dict = {"__name__": "__main__", "__file__": program, "__builtins__": __builtins__}
    bindings = Bindings(namespace)
    namespace[SNAPSHOT] = bindings
    sys.argv = [program]
    exec(code, namespace)
    return namespace, bindings


def model_facts(variable: str, model) -> dict:
    """realworld_worker's rows and totals, without the optimizer's variables: once `fit` has built the
    optimizer, Keras adds its slots to "Total params"; the summary the engine states is the model's own."""
    compiled = getattr(model, "compiled", False)
    model.compiled = False
    try:
        return realworld_worker.model_facts(variable, model)
    finally:
        model.compiled = compiled


def main(program: str, out_path: str) -> None:
    out: dict = {"models": [], "error": None, "buildSeconds": None}
    program = os.path.abspath(program)
    with tempfile.TemporaryDirectory(prefix="programs-oracle-") as cwd:
        os.chdir(cwd)
        try:
            programs_patches.install()
            # CPU time: programs run two at a time, maybe beside other jobs.
            start = time.process_time()
            _, bindings = run(program)
            out["buildSeconds"] = time.process_time() - start
            for record, model in zip(bindings.records, bindings.models):
                out["models"].append({**model_facts(record["variable"], model), **record})
        except Exception:
            out["error"] = traceback.format_exc()
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
