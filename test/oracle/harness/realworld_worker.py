"""The Keras side of the real-world oracle, run as `python -m harness.realworld_worker FIXTURE OUT.json`
in a fresh process per fixture (so Keras's name counters start from zero, as when the user runs the file).

It runs the fixture's own source top to bottom, then reports, for every `keras.Model` bound to a
module-level variable, the rows `model.summary()` prints, in its order and by its own rules (operation
nodes and nested models included), plus the Total / Trainable / Non-trainable params. The structured
rows are cross-checked against the text `model.summary()` actually prints in the same process, so the
oracle cannot drift from what users see.
"""
from __future__ import annotations

import json
import os
import re
import runpy
import sys
import time
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
# rich sizes its console from COLUMNS; a summary this wide never wraps or crops a cell, so each row is one line.
WIDE = 4000
os.environ["COLUMNS"] = str(WIDE)

import keras  # noqa: E402
from keras.src import tree  # noqa: E402
from keras.src.models import Functional, Sequential  # noqa: E402


def _shape(shape) -> list:
    return [None if d is None else int(d) for d in shape]


def _format_shape(shape) -> str:
    return f"({', '.join(str(d) for d in shape)})"


def output_shape(layer) -> tuple[object, str]:
    """(JSON shape, the text summary prints) by `summary_utils.format_layer_shape`'s rules: the last
    inbound node's outputs, else the shapes the layer was built with; None / "?" when Keras can't say."""
    if not layer._inbound_nodes and not layer._build_shapes_dict:
        return None, "?"
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].output_tensors
        shapes = tree.map_structure(lambda t: tuple(t.shape), outputs)
    else:
        try:
            if hasattr(layer, "output_shape"):
                shapes = tuple(layer.output_shape)
            else:
                shapes = tree.map_shape_structure(
                    lambda s: tuple(s), layer.compute_output_shape(**layer._build_shapes_dict)
                )
        except NotImplementedError:
            return None, "?"
    flat: list[tuple] = []
    tree.map_shape_structure(flat.append, shapes)
    if len(flat) == 1:
        return _shape(flat[0]), _format_shape(flat[0])
    text = str(tree.map_shape_structure(_format_shape, shapes)).replace("'", "")
    return [_shape(s) for s in flat], text


def params(layer) -> tuple[int, bool]:
    """(count, unbuilt): operation nodes have no weights; an unbuilt layer counts 0, as summary says."""
    if not hasattr(layer, "built"):
        return 0, False
    if not layer.built:
        return 0, True
    return int(layer.count_params()), False


def connections(layer, relevant_nodes) -> list[str]:
    """`summary`'s Connected-to cells: `inbound[node_index][tensor_index]` for this model's nodes."""
    out = []
    for node in layer._inbound_nodes:
        if relevant_nodes and node not in relevant_nodes:
            continue
        for kt in node.input_tensors:
            history = kt._keras_history
            out.append(f"{history.operation.name}[{history.node_index}][{history.tensor_index}]")
    return out


def summary_rows(model) -> tuple[list[dict], bool]:
    """The rows in `model.summary()` order, and whether summary shows the Connected-to column."""
    functional = isinstance(model, Functional) and not isinstance(model, Sequential)
    if not functional:
        operations, relevant = model.layers, []
        shows_connections = False
    else:
        operations = model._operations
        relevant = [node for nodes in model._nodes_by_depth.values() for node in nodes]
        shows_connections = _shows_connections(model)
    rows = []
    for op in operations:
        shape, shape_text = output_shape(op)
        count, unbuilt = params(op)
        rows.append({
            "name": op.name,
            "class": type(op).__name__,
            "outputShape": shape,
            "shapeText": shape_text,
            "params": count,
            "unbuilt": unbuilt,
            # Sequential and subclassed models have no Connected-to column: nothing to connect.
            "connectedTo": connections(op, relevant) if functional else [],
        })
    return rows, shows_connections


def _shows_connections(model) -> bool:
    """`print_summary`'s test for a Functional model that is not a plain chain."""
    nodes = []
    for v in model._nodes_by_depth.values():
        if len(v) > 1 or (len(v) == 1 and len(tree.flatten(v[0].input_tensors)) > 1):
            return True
        nodes += v
    for layer in model.layers:
        seen = False
        for node in layer._inbound_nodes:
            if node in nodes:
                if seen:
                    return True
                seen = True
    return False


def printed_summary(model) -> str:
    lines: list[str] = []
    model.summary(line_length=WIDE, print_fn=lambda text, line_break=True: lines.append(text))
    return "\n".join(lines)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("│").split("│")]


def cross_check(model, rows: list[dict], shows_connections: bool, text: str) -> tuple[list[str], dict]:
    """Problems where the structured rows differ from the printed summary, and its printed totals."""
    printed = [_cells(line) for line in text.splitlines() if line.startswith("│")]
    problems = []
    if len(printed) != len(rows):
        problems.append(f"summary printed {len(printed)} rows, the harness read {len(rows)}")
    for row, cells in zip(rows, printed):
        want = [f"{row['name']} ({row['class']})", row["shapeText"],
                f"{row['params']:,}" + (" (unbuilt)" if row["unbuilt"] else "")]
        if shows_connections:
            want.append(", ".join(row["connectedTo"]) or "-")
        if cells != want:
            problems.append(f"summary printed {cells}, the harness read {want}")
    totals = {}
    for key, label in (("totalParams", "Total"), ("trainableParams", "Trainable"),
                       ("nonTrainableParams", "Non-trainable")):
        match = re.search(rf"^ {label} params: ([\d,]+) \(", text, re.M)
        if match is None:
            problems.append(f"summary printed no `{label} params` line")
        else:
            totals[key] = int(match.group(1).replace(",", ""))
    if not problems and model.built and totals["totalParams"] != model.count_params():
        problems.append(f"summary's total {totals['totalParams']} != count_params() {model.count_params()}")
    return problems, totals


def model_facts(variable: str, model) -> dict:
    rows, shows_connections = summary_rows(model)
    text = printed_summary(model)
    problems, totals = cross_check(model, rows, shows_connections, text)
    return {
        "variable": variable,
        "name": model.name,
        "class": type(model).__name__,
        "layers": rows,
        "showsConnections": shows_connections,
        **totals,
        "harnessProblems": problems,
    }


def main(fixture: str, out_path: str) -> None:
    out: dict = {"models": [], "error": None, "buildSeconds": None}
    try:
        # CPU time, not wall time: the fixtures run two at a time, maybe beside other jobs.
        start = time.process_time()
        namespace = runpy.run_path(fixture, run_name="__main__")
        out["buildSeconds"] = time.process_time() - start
        for variable, value in namespace.items():
            if not variable.startswith("__") and isinstance(value, keras.Model):
                out["models"].append(model_facts(variable, value))
    except Exception:
        out["error"] = traceback.format_exc()
    with open(out_path, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
