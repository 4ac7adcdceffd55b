"""keras-lower verify: runs the user's file and its lowerings with the user's own Python and TensorFlow.

Usage: python verify_worker.py JOB.json OUT.json. The job names the user's file, and per model the layer-mode
file and the standalone module file keras-lower generated. Every model runs on the same random inputs:
layer mode is compared layer by layer (the lowered model gets the original's weights), module mode at the
outputs (after load_keras_weights). The report is JSON; nothing is printed on success.
"""
import inspect
import json
import os
import runpy
import sys
import traceback

RUN_NAME = "__keras_lower_verify__"  # so the file's `if __name__ == "__main__":` block does not run
BATCH = 2
UNKNOWN_DIM = 4
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
    except BaseException:  # the user's own file failed (or called sys.exit): report where, not our stack
        report["error"] = {"kind": "userCode", "message": traceback.format_exc(limit=-3)}
    with open(out_path, "w") as f:
        json.dump(report, f)


class MissingTensorflow(Exception):
    pass


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
    sys.path.insert(0, folder)
    os.chdir(folder)
    namespace = runpy.run_path(job["file"], run_name=RUN_NAME)
    checker = Checker(keras, np, tf)
    models = [checker.model_report(namespace, plan) for plan in job["models"]]
    return {"tensorflow": tf.__version__, "keras": keras.__version__, "models": models}


class Checker:
    def __init__(self, keras, np, tf):
        self.keras, self.np, self.tf = keras, np, tf

    def model_report(self, namespace, plan):
        variable = plan["variable"]
        model = namespace.get(variable)
        out = {"variable": variable}
        if not isinstance(model, self.keras.Model):
            out["error"] = f"`{variable}` is not a Keras model when the file runs"
            return out
        inputs = self.random_inputs(model)
        out["layerMode"] = self.guarded(lambda: self.layer_mode(model, inputs, plan), plan["layerMode"])
        out["moduleMode"] = self.guarded(
            lambda: self.module_mode(model, inputs, plan, namespace), plan["moduleMode"])
        return out

    def guarded(self, check, lowering):
        if lowering.get("refused"):
            return {"refused": lowering["refused"]}
        try:
            return check()
        except Exception:
            return {"error": traceback.format_exc(limit=-3)}

    def random_inputs(self, model):
        rng = self.np.random.default_rng(0)
        arrays = []
        for tensor in model.inputs:
            shape = (BATCH, *(UNKNOWN_DIM if d is None else d for d in tensor.shape[1:]))
            if "int" in str(tensor.dtype):
                arrays.append(rng.integers(0, 2, shape).astype(str(tensor.dtype)))
            else:
                arrays.append(rng.uniform(-1, 1, shape).astype("float32"))
        return arrays

    def layer_mode(self, model, inputs, plan):
        lowered_ns = runpy.run_path(plan["layerMode"]["path"], run_name=RUN_NAME)
        lowered = lowered_ns[plan["variable"]]
        lowered.set_weights(model.get_weights())
        names, refs = self.layer_outputs(model, inputs)
        _, gots = self.layer_outputs(lowered, inputs)
        kinds = [type(layer).__name__ for layer in self.layers(model) for _ in self.outputs_of(layer)]
        rows = []
        for name, kind, ref, got in zip(names, kinds, refs, gots):
            rows.append({"layer": name, "class": kind, **self.compare(ref, got)})
        return {"ok": all(row["ok"] for row in rows), "layers": rows}

    def layers(self, model):
        return [layer for layer in model.layers if not isinstance(layer, self.keras.layers.InputLayer)]

    def outputs_of(self, layer):
        output = layer.output
        return list(output) if isinstance(output, (list, tuple)) else [output]

    def layer_outputs(self, model, inputs):
        names, symbolic = [], []
        for layer in self.layers(model):
            outputs = self.outputs_of(layer)
            names += [layer.name if len(outputs) == 1 else f"{layer.name}[{i}]" for i in range(len(outputs))]
            symbolic += outputs
        probe = self.keras.Model(model.inputs, symbolic)
        values = probe(inputs[0] if len(inputs) == 1 else inputs, training=False)
        return names, [self.np.asarray(v) for v in (values if isinstance(values, (list, tuple)) else [values])]

    def module_mode(self, model, inputs, plan, namespace):
        module_ns = runpy.run_path(plan["moduleMode"]["path"], run_name=RUN_NAME)
        cls = module_ns[plan["moduleMode"]["className"]]
        required = [p.name for p in inspect.signature(cls.__init__).parameters.values()
                    if p.name != "self" and p.default is p.empty]
        module = cls(**{name: namespace[name] for name in required})
        module.load_keras_weights(model)
        tensors = [self.tf.constant(x) for x in inputs]
        ref = model(tensors[0] if len(tensors) == 1 else tensors, training=False)
        got = module(*tensors)
        refs = ref if isinstance(ref, (list, tuple)) else [ref]
        gots = got if isinstance(got, (list, tuple)) else [got]
        rows = [{"layer": f"output[{i}]" if len(refs) > 1 else "output",
                 **self.compare(self.np.asarray(r), self.np.asarray(g))} for i, (r, g) in enumerate(zip(refs, gots))]
        if len(refs) != len(gots):
            rows.append({"layer": "outputs", "ok": False, "abs": None, "rel": None,
                         "problem": f"the module returns {len(gots)} outputs, Keras {len(refs)}"})
        return {"ok": all(row["ok"] for row in rows), "outputs": rows}

    def compare(self, ref, got):
        np = self.np
        if ref.shape != got.shape:
            return {"ok": False, "abs": None, "rel": None, "problem": f"shape {got.shape} != Keras {ref.shape}"}
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
