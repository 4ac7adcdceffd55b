"""keras-lower verify: runs, per model, the slice of the user's file that builds it and its lowerings, with the
user's own Python and TensorFlow. The user's file itself never runs (no data loading, training or plotting).

Usage: python verify_worker.py JOB.json OUT.json. Per model the job names the slice (the statements that build
the model, with the same line numbers as the user's file), the slice with the model's layers lowered, and the
standalone module file. Every model runs on the same random inputs: layer mode is compared layer by layer (the
lowered model gets the original's weights), module mode at the outputs (after load_keras_weights), dict and list
outputs by key and position. One model failing never stops the others. The report is JSON on OUT.json.
"""
import inspect
import json
import os
import runpy
import sys
import time
import traceback

RUN_NAME = "__keras_lower_verify__"  # a slice's `if __name__ == "__main__":` block would not run either
BATCH = 2
UNKNOWN_DIMS = (32, 64, 224)  # unknown input sizes, tried in order: the first the model accepts is used
LOOKUP_LAYERS = ("TextVectorization", "StringLookup", "IntegerLookup")  # unusable until adapted
ATOL = 1e-5
RTOL = 1e-5


def main(job_path, out_path):
    with open(job_path) as f:
        job = json.load(f)
    report = {"python": sys.executable, "models": []}
    try:
        report.update(verify(job))
    except MissingTensorflow as error:
        report["error"] = {"kind": "missingTensorflow", "message": str(error)}
    except BaseException:  # noqa: B902 - whatever happened, the report says it was the worker
        report["error"] = {"kind": "worker", "message": "keras-lower's worker failed: " + last_lines()}
    with open(out_path, "w") as f:
        json.dump(report, f)


class MissingTensorflow(Exception):
    pass


class UserCodeFailed(Exception):
    """The user's own statements (the slice) raised: the message names the line."""


class WorkerFailed(Exception):
    """keras-lower's side failed: its slice or lowering, or this worker."""


class Unverifiable(Exception):
    """Nothing failed, but keras-lower lacks what it needs to check the model (its input shape)."""


def last_lines(limit=3):
    return "".join(traceback.format_exc(limit=-limit)).strip()


def verify(job):
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        import keras
        import numpy as np
        import tensorflow as tf
    except ImportError as error:
        raise MissingTensorflow(f"{sys.executable} cannot import TensorFlow and Keras ({error}); "
                                "install tensorflow (2.16 or later, with Keras 3) for this interpreter")
    if not keras.__version__.startswith("3."):
        raise MissingTensorflow(f"{sys.executable} has Keras {keras.__version__}; keras-lower targets Keras 3")
    folder = os.path.dirname(os.path.abspath(job["file"]))
    sys.path.insert(0, folder)  # the user's own helper modules import as they do beside the file
    os.chdir(folder)
    checker = Checker(keras, np, tf)
    models = [checker.model_report(plan) for plan in job["models"]]
    return {"tensorflow": tf.__version__, "keras": keras.__version__, "models": models}


def run_program(path, blame_user, sliced_lines=()):
    """Runs a slice or lowered file; a failure inside it is the user's code or keras-lower's, as told (a failure
    at a line keras-lower rewrote or that calls data is keras-lower's)."""
    try:
        return runpy.run_path(path, run_name=RUN_NAME)
    except BaseException as error:  # noqa: B902 - sys.exit() in the file is a failure of the file too
        line = failing_line(error, path)
        what = f"{type(error).__name__}: {error}".strip()
        if blame_user and line is not None and line in sliced_lines:
            raise WorkerFailed(f"keras-lower's slice failed at line {line} (a line it rewrote, or one that needs "
                               f"the data it dropped): {what}") from None
        if blame_user and line is not None:
            raise UserCodeFailed(f"your code failed at line {line} of the slice (which is line {line} of your "
                                 f"file): {what}") from None
        where = f" at line {line} of the lowered program" if line is not None else ""
        raise WorkerFailed(f"keras-lower's lowering failed{where}: {what}") from None


def failing_line(error, path):
    """The last line of `path` on the error's traceback (the slice keeps the user's line numbers)."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if os.path.abspath(frame.filename) == os.path.abspath(path):
            line = frame.lineno
    return line


class Checker:
    def __init__(self, keras, np, tf):
        self.keras, self.np, self.tf = keras, np, tf

    def model_report(self, plan):
        variable = plan["variable"]
        out = {"variable": variable}
        if plan.get("assumed"):
            out["assumed"] = plan["assumed"]  # the verdict holds for these sizes, which the program reads at run time
        started = time.monotonic()
        if plan.get("unverifiable"):
            out.update(error=f"could not verify: {plan['unverifiable']}", errorKind="unverifiable")
            return out
        try:
            self.keras.backend.clear_session()  # every model's layer names as in a fresh process
            namespace = run_program(plan["slice"]["path"], blame_user=True,
                                    sliced_lines=set(plan.get("slicedLines", [])))
            name = plan.get("pythonName", variable)  # `model` for the key `model#2`
            model = namespace.get(name)
            if not isinstance(model, self.keras.Model):
                raise WorkerFailed(f"keras-lower's slice does not bind `{name}` to a Keras model")
            if type(model).call is self.keras.Model.call:
                raise Unverifiable(f"`{name}` ({type(model).__name__}) defines no call(): it has no outputs to "
                                   "compare (it trains its sub-models in train_step; verify those)")
            inputs = self.inputs_for(model, plan)
            out["layerMode"] = self.guarded(lambda: self.layer_mode(model, inputs, plan), plan["layerMode"])
            out["moduleMode"] = self.guarded(
                lambda: self.module_mode(model, inputs, plan, namespace), plan["moduleMode"])
        except UserCodeFailed as error:
            out.update(error=str(error), errorKind="userCode")
        except Unverifiable as error:
            out.update(error=f"could not verify: {error}", errorKind="unverifiable")
        except WorkerFailed as error:
            out.update(error=str(error), errorKind="worker")
        except Exception:
            out.update(error="keras-lower's worker failed: " + last_lines(), errorKind="worker")
        out["seconds"] = round(time.monotonic() - started, 3)
        return out

    def guarded(self, check, lowering):
        if lowering.get("refused"):
            return {"refused": lowering["refused"]}
        try:
            return check()
        except (UserCodeFailed, WorkerFailed) as error:
            return {"error": str(error)}
        except Exception:
            return {"error": "keras-lower's lowering failed: " + last_lines()}

    # Inputs: the model's own (functional, Sequential), else the shapes keras-lower inferred (subclassed).

    def input_specs(self, model, plan):
        try:
            tensors = list(model.inputs)
        except (AttributeError, ValueError):
            tensors = []
        if tensors:
            return [(tuple(t.shape), str(t.dtype)) for t in tensors]
        integer = any(isinstance(layer, self.keras.layers.Embedding) for layer in model.layers[:1])
        dtype = "int32" if integer else "float32"
        specs = [(tuple(spec["shape"]), dtype) for spec in plan.get("inputs", []) if spec.get("shape")]
        # A model built by `model.build(shape)` or an eager call in the slice knows the shape it was built for.
        built = getattr(model, "_build_shapes_dict", None) or {}
        if not specs and len(built) == 1:
            specs = [(tuple(next(iter(built.values()))), dtype)]
        if not specs:
            raise Unverifiable(f"keras-lower does not know the input shape of `{plan['variable']}` (call it on "
                               "keras.Input(...) or add `# keras-lower: input_shape=(None, ...)` above it)")
        return specs

    def inputs_for(self, model, plan):
        specs = self.input_specs(model, plan)
        rng = self.np.random.default_rng(0)
        failure = None
        for fill in UNKNOWN_DIMS:
            arrays = []
            for shape, dtype in specs:
                dims = (BATCH, *(d if isinstance(d, int) else fill for d in shape[1:]))
                if "string" in dtype:
                    arrays.append(self.np.full(dims, "keras lower verifies this text"))
                elif "int" in dtype:
                    arrays.append(rng.integers(0, 2, dims).astype(dtype))
                else:
                    arrays.append(rng.uniform(-1, 1, dims).astype("float32"))
            try:
                model(self.feed(arrays, model), training=False)  # builds a subclassed model; checks the fill
                return arrays
            except Exception as error:  # noqa: B902 - try the next size
                failure = failure or error
                if all(isinstance(d, int) for shape, _ in specs for d in shape[1:]):
                    break
        for layer in model._flatten_layers(include_self=False):
            if type(layer).__name__ in LOOKUP_LAYERS and self.vocabulary_size(layer) <= 2:
                raise Unverifiable(f"`{layer.name}` ({type(layer).__name__}) learns its vocabulary from the data "
                                   "(adapt()), which verify does not run")
        message = str(failure).strip().splitlines()
        raise WorkerFailed(f"keras-lower's worker could not call `{plan['variable']}` on inputs of the shape it "
                           f"inferred: {type(failure).__name__}: {message[-1] if message else ''}")

    def vocabulary_size(self, layer):
        """A lookup layer's vocabulary (2 or fewer: only the mask and OOV tokens, i.e. never adapted)."""
        try:
            return int(layer.vocabulary_size())
        except Exception:  # noqa: B902 - an uninitialized table
            return 0

    def feed(self, arrays, model=None):
        """The arrays in the structure the model takes (a dict of named inputs, a list, one tensor)."""
        functional = getattr(model, "_functional", model)
        struct = getattr(functional, "_inputs_struct", None)
        if struct is not None and isinstance(struct, (dict, list, tuple)):
            return self.keras.tree.pack_sequence_as(struct, list(arrays))
        return arrays[0] if len(arrays) == 1 else list(arrays)

    # Layer mode: the lowered slice's model, with the original's weights, layer by layer.

    def layer_mode(self, model, inputs, plan):
        lowered_ns = run_program(plan["layerMode"]["path"], blame_user=False)
        name = plan.get("pythonName", plan["variable"])
        lowered = lowered_ns.get(name)
        if not isinstance(lowered, self.keras.Model):
            raise WorkerFailed(f"keras-lower's lowered program does not bind `{name}` to a model")
        lowered(self.feed(inputs, lowered), training=False)  # builds a subclassed model's weights
        lowered.set_weights(model.get_weights())
        if self.has_graph(model) and self.has_graph(lowered):
            rows = self.layer_rows(model, lowered, inputs)
        else:
            rows = self.output_rows(model(self.feed(inputs, model), training=False),
                                    lowered(self.feed(inputs, lowered), training=False))
            was_lowered = [type(a) is not type(b) for a, b in zip(self.layers(model), self.layers(lowered))]
            if not any(was_lowered):
                rows = [dict(row, lowered=False) for row in rows]
        return self.mode_result(rows, "layers")

    def mode_result(self, rows, key):
        compared = [row for row in rows if row.get("lowered", True)]
        return {"ok": bool(compared) and all(row["ok"] for row in compared), key: rows}

    def has_graph(self, model):
        try:
            return bool(model.inputs)
        except (AttributeError, ValueError):
            return False

    def layer_rows(self, model, lowered, inputs):
        refs = self.layer_outputs(model, inputs)
        gots = self.layer_outputs(lowered, inputs)
        rows = []
        for (name, original, ref), (_, replacement, got) in zip(refs, gots):
            row = {"layer": name, "class": type(original).__name__, **self.compare(ref, got)}
            if type(original) is type(replacement):
                row["lowered"] = False  # Keras compared with Keras: no evidence about any lowering
            rows.append(row)
        if len(refs) != len(gots):
            rows.append(self.problem_row("layers", f"the lowered model has {len(gots)} layer outputs, "
                                                   f"Keras {len(refs)}"))
        return rows

    def layers(self, model):
        return [layer for layer in model.layers if not isinstance(layer, self.keras.layers.InputLayer)]

    def layer_tensors(self, model):
        """(row name, layer, symbolic output) for every output of every call of a layer in this model's graph
        (a layer or nested model called twice has a row per call: `name#1`)."""
        functional = getattr(model, "_functional", model)
        depths = getattr(functional, "_nodes_by_depth", {})
        calls = {}
        for depth in sorted(depths, reverse=True):  # inputs first
            for node in depths[depth]:
                calls.setdefault(id(node.operation), []).append(node)
        found = []
        for layer in self.layers(model):
            nodes = calls.get(id(layer), [])
            for call, node in enumerate(nodes):
                outputs = self.keras.tree.flatten(node.outputs)
                for index, output in enumerate(outputs):
                    name = layer.name + (f"#{call}" if len(nodes) > 1 else "")
                    found.append((name + (f"[{index}]" if len(outputs) > 1 else ""), layer, output))
        return found

    def layer_outputs(self, model, inputs):
        found = self.layer_tensors(model)
        probe = self.keras.Model(model.inputs, [tensor for _, _, tensor in found])
        values = probe(list(inputs) if len(inputs) > 1 else inputs[0], training=False)
        values = values if isinstance(values, (list, tuple)) else [values]
        return [(name, layer, self.np.asarray(value)) for (name, layer, _), value in zip(found, values)]

    # Module mode: the standalone tf.Module with the Keras model's weights, at the outputs.

    def module_mode(self, model, inputs, plan, namespace):
        module_ns = run_program(plan["moduleMode"]["path"], blame_user=False)
        cls = module_ns[plan["moduleMode"]["className"]]
        required = [p.name for p in inspect.signature(cls.__init__).parameters.values()
                    if p.name != "self" and p.default is p.empty]
        module = cls(**{name: namespace[name] for name in required})
        module.load_keras_weights(model)
        tensors = [self.tf.constant(x) for x in inputs]
        ref = model(self.feed(tensors, model), training=False)
        got = module(*tensors)
        return self.mode_result(self.output_rows(ref, got), "outputs")

    def output_rows(self, ref, got):
        """Outputs compared by dict key and list position (Keras's nesting kept in the row names)."""
        refs, gots = dict(self.flatten(ref)), dict(self.flatten(got))
        if len(refs) == len(gots) and (len(refs) == 1 or (isinstance(ref, dict) and not isinstance(got, dict))):
            # One tensor however each side nests it; a dict Keras returns, given back in keras.tree order.
            gots = dict(zip(refs, gots.values()))
        rows = []
        for path, value in refs.items():
            if path in gots:
                rows.append({"layer": path, **self.compare(value, gots[path])})
            else:
                rows.append(self.problem_row(path, "the lowering does not return this output"))
        rows += [self.problem_row(path, "Keras does not return this output") for path in gots if path not in refs]
        return rows

    def flatten(self, value, path="output"):
        if isinstance(value, dict):
            for key in sorted(value):
                yield from self.flatten(value[key], f"{path}[{key!r}]")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                yield from self.flatten(item, f"{path}[{index}]")
        else:
            yield path, self.np.asarray(value)

    def problem_row(self, name, problem):
        return {"layer": name, "ok": False, "abs": None, "rel": None, "problem": problem}

    def compare(self, ref, got):
        np = self.np
        if ref.shape != got.shape:
            return {"ok": False, "abs": None, "rel": None, "problem": f"shape {got.shape} != Keras {ref.shape}"}
        if ref.dtype.kind not in "biuf" or got.dtype.kind not in "biuf":  # strings: equal or not
            ok = bool(np.array_equal(ref, got))
            return {"ok": ok, "abs": None, "rel": None, "problem": None if ok else "values differ"}
        ref64, got64 = ref.astype("float64"), got.astype("float64")
        same_nonfinite = np.array_equal(np.isfinite(ref64), np.isfinite(got64))
        finite = np.isfinite(ref64) & np.isfinite(got64)
        err = np.abs(ref64[finite] - got64[finite])
        mag = np.abs(ref64[finite])
        worst_abs = float(err.max()) if err.size else 0.0
        significant = mag > 1e-6
        worst_rel = float((err[significant] / mag[significant]).max()) if significant.any() else 0.0
        ok = same_nonfinite and bool((err <= ATOL + RTOL * mag).all())
        problem = None if ok else ("NaN/Inf positions differ" if not same_nonfinite else "values differ")
        return {"ok": ok, "abs": worst_abs, "rel": worst_rel, "problem": problem}


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
