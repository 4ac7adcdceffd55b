"""The Keras side of the oracle, run as `python -m harness.worker JOB.json OUT.json` in a fresh process
per fixture program: runs the program's own source, reports what Keras says about its models, then runs
each lowered text of the job against those models on the same weights and inputs."""
from __future__ import annotations

import inspect
import json
import os
import runpy
import sys
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from . import initializer_stats, logits, noise_stats, train_step  # noqa: E402
from .compare import compare  # noqa: E402
from .inputs import NONFINITE_CASES, UNKNOWN_DIM, concrete, first_case, input_cases, random_weights  # noqa: E402
from .keras_facts import model_facts  # noqa: E402
from .naming import layer_class_name, module_class_name  # noqa: E402
from .spec import CHAIN_DENSE, is_chain_layer  # noqa: E402


def run_program(path: str) -> dict:
    return runpy.run_path(path, run_name="__oracle__")


def randomize(model: keras.Model) -> list[np.ndarray]:
    weights = random_weights([(w.path, tuple(w.shape), w.dtype) for w in model.weights])
    model.set_weights(weights)
    return weights


def non_input_layers(model: keras.Model) -> list:
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def layer_outputs(model: keras.Model) -> list[tuple[str, object]]:
    """(name, symbolic output) of every layer; a layer with several outputs gives `name[i]` for each."""
    out = []
    for layer in non_input_layers(model):
        outputs = layer.output
        if isinstance(outputs, (list, tuple)):
            out += [(f"{layer.name}[{i}]", o) for i, o in enumerate(outputs)]
        else:
            out.append((layer.name, outputs))
    return out


def per_layer_outputs(model: keras.Model) -> keras.Model:
    """A functional view of `model` returning every layer's output, to compare layer by layer."""
    return keras.Model(model.inputs, [o for _, o in layer_outputs(model)])


def input_shape(model: keras.Model) -> tuple:
    return tuple(model.inputs[0].shape[1:])


def input_specs(model: keras.Model, int_high: int | None) -> list[tuple[tuple, int | None]]:
    """Per model input: its shape without the batch, and the bound of token ids for an integer input or one
    an Embedding reads (the matrix's int_high, else the smallest vocabulary among those Embeddings)."""
    specs = []
    direct = {id(tensor): [layer.input_dim for layer in model.layers
                           if isinstance(layer, keras.layers.Embedding) and _reads(layer, tensor)]
              for tensor in model.inputs}
    nested = [layer.input_dim for layer in model._flatten_layers() if isinstance(layer, keras.layers.Embedding)]
    for tensor in model.inputs:
        vocabularies = direct[id(tensor)]
        if not any(direct.values()) and len(tensor.shape) == 2:
            # Only a user layer embeds: its (batch, length) input is token ids for the smallest vocabulary.
            vocabularies = nested
        is_ids = "int" in str(tensor.dtype) or vocabularies
        high = (int_high or min(vocabularies, default=2)) if is_ids else None
        specs.append((tuple(tensor.shape[1:]), high))
    return specs


def _reads(layer, tensor) -> bool:
    try:
        return layer.input is tensor
    except (AttributeError, ValueError):
        return False


def feed(xs: list):
    """A model's call argument: the tensor itself for one input, the list for several."""
    return xs[0] if len(xs) == 1 else list(xs)


def as_list(outputs) -> list:
    """A model's outputs in keras.tree's flat order (dicts by sorted key)."""
    if isinstance(outputs, dict):
        return [outputs[key] for key in sorted(outputs)]
    return list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]


def check_layer_variant(variant: dict, original: keras.Model, job: dict) -> dict:
    problems: list[str] = []
    ns = run_program(variant["path"])
    lowered = ns[variant["model"]]
    names = [layer.name for layer in non_input_layers(original)]
    index = names.index(variant["layer"])
    # The layer, and any other layer the same constructor call makes (in a helper or a loop).
    lowered_names = set(variant.get("same_call") or [variant["layer"]])
    orig_layers, low_layers = non_input_layers(original), non_input_layers(lowered)
    if len(orig_layers) != len(low_layers):
        return {"ok": False, "problems": [f"{len(low_layers)} layers after lowering, Keras had {len(orig_layers)}"]}
    for i, (a, b) in enumerate(zip(orig_layers, low_layers)):
        is_lowered = a.name in lowered_names
        # A user-written class is rewritten in place and keeps its name; Keras's classes become Tf*.
        builtin = type(a).__module__.startswith("keras.")
        want = layer_class_name(type(a).__name__) if is_lowered and builtin else type(a).__name__
        if type(b).__name__ != want or (is_lowered and ns.get(want) is not type(b)):
            problems.append(f"layer {i} is {type(b).__name__}, expected {want}{' from the lowered file' if is_lowered else ''}")
    orig_shapes = [tuple(w.shape) for w in original.get_weights()]
    low_shapes = [tuple(w.shape) for w in lowered.get_weights()]
    if orig_shapes != low_shapes:
        problems.append(f"weights {low_shapes} != Keras's {orig_shapes} (set_weights needs the same order)")
        return {"ok": False, "problems": problems}
    weights = randomize(original)
    lowered.set_weights(weights)
    specs = input_specs(original, job["int_high"].get(variant["model"]))
    cases = compare_layers(original, lowered, specs, lowered_names)
    cases += compare_layer_logits(original, lowered, specs, lowered_names)
    random = random_layers(original)
    if not random:
        cases += compare_training_layers(original, lowered, specs)
    result = {"ok": not problems, "problems": problems, "cases": cases,
              "training": {"mode": _random_reason(random), "step": "layer mode has no optimizer step"}}
    layer_input = orig_layers[index].input
    noise = None if isinstance(layer_input, (list, tuple)) else noise_stats.check_layer(
        orig_layers[index], low_layers[index], concrete(tuple(layer_input.shape[1:]), job_unknown_dim()))
    if noise is not None:
        result["dropout"] = noise
    return finish(result)


def compare_layers(original: keras.Model, lowered: keras.Model, specs: list, lowered_names: set[str]) -> list[dict]:
    """The lowered layers' outputs (every output of each), the other layers left as they are: a random user
    layer elsewhere in the model would differ between any two runs."""
    try:
        ref_model, low_model = per_layer_outputs(original), per_layer_outputs(lowered)
        names = [name for name, _ in layer_outputs(original)]
    except ValueError:
        # Keras cannot view every layer's output of some models (a functional model nested in a Sequential):
        # then the whole model's outputs carry the comparison.
        ref_model, low_model, names, lowered_names = original, lowered, ["model output"], {"model output"}
    cases = []
    for case, xs in input_cases(specs, job_unknown_dim()).items():
        refs = as_list(ref_model(feed(xs), training=False))
        gots = as_list(low_model(feed(xs), training=False))
        for name, ref, got in zip(names * len(refs) if len(names) == 1 else names, refs, gots):
            base = name.split("[")[0]
            # The chain's consumer too: it ran on the lowered layer's output.
            if base in lowered_names or base.endswith(CHAIN_DENSE):
                finite = case not in NONFINITE_CASES
                cases.append({"case": case, "layer": name, **compare(np.asarray(ref), np.asarray(got), finite=finite, scaled=case == "large")})
    return cases


def compare_layer_logits(original: keras.Model, lowered: keras.Model, specs: list, lowered_names: set[str]) -> list[dict]:
    """Each lowered layer that ends in a softmax or sigmoid, once more with the activation linear on both sides."""
    pairs = [(a, b) for a, b in zip(non_input_layers(original), non_input_layers(lowered))
             if a.name in lowered_names and logits.squashes(a) and hasattr(b, "activation")]
    if not pairs:
        return []
    xs = first_case(specs, job_unknown_dim())
    cases = []
    for a, b in pairs:
        with logits.linear(a, b):
            ref, got = a(_layer_input(original, a, xs)), b(_layer_input(original, a, xs))
        cases.append({"case": "logits", "layer": a.name, **compare(np.asarray(ref), np.asarray(got), finite=True)})
    return cases


def _layer_input(model: keras.Model, layer, xs: list):
    """What `layer` receives in `model` on inputs `xs` (Keras computes it, the layer itself excluded)."""
    inputs = layer.input
    for tensor, x in zip(model.inputs, xs):
        if tensor is inputs:
            return x
    return keras.Model(model.inputs, inputs)(feed(xs), training=False)


def compare_training_layers(original: keras.Model, lowered: keras.Model, specs: list) -> list[dict]:
    """Deterministic layers in training mode: every output, then every weight after the call (moving
    statistics updated with Keras's momentum). Finite inputs only, so the statistics stay comparable."""
    ref_model, low_model = per_layer_outputs(original), per_layer_outputs(lowered)
    names = [name for name, _ in layer_outputs(original)]
    xs = first_case(specs, job_unknown_dim())
    refs = as_list(ref_model(feed(xs), training=True))
    gots = as_list(low_model(feed(xs), training=True))
    cases = [{"case": "training", "layer": name, **compare(np.asarray(ref), np.asarray(got), finite=True)}
             for name, ref, got in zip(names, refs, gots)]
    for ref_w, got_w, variable in zip(original.get_weights(), lowered.get_weights(), original.weights):
        cases.append({"case": "after training", "layer": variable.path, **compare(ref_w, got_w, finite=True)})
    return cases


# Layers whose training-mode outputs are random draws: judged by noise_stats, never compared value by value.
RANDOM_LAYERS = (keras.layers.Dropout, keras.layers.GaussianNoise, keras.layers.GaussianDropout,
                 keras.layers.AlphaDropout)


def random_layers(model: keras.Model) -> list[str]:
    """The layers whose training-mode outputs are random: none, and training mode is compared number for number."""
    return [layer.name for layer in model._flatten_layers(include_self=False)
            if isinstance(layer, RANDOM_LAYERS) or type(layer).__name__.startswith("Random")
            or any(getattr(layer, attr, 0) for attr in ("dropout", "recurrent_dropout"))]


def _random_reason(random: list[str]) -> str | None:
    return f"random in training: {', '.join(random)}" if random else None


def check_module_variant(variant: dict, original: keras.Model, keras_initial: list[np.ndarray], job: dict) -> dict:
    ns = run_program(variant["path"])
    class_name = module_class_name(variant["model"])
    cls = ns.get(class_name)
    if not (isinstance(cls, type) and issubclass(cls, tf.Module)):
        return {"ok": False, "problems": [f"no tf.Module subclass named {class_name} in the lowered file"]}
    kwargs = named_dimensions(cls, ns)
    module = cls(**kwargs)
    initial = [v.numpy() for v in module.variables]
    weights = randomize(original)
    module.load_keras_weights(original)
    problems, mapping = map_variables(module, weights)
    result = {"ok": not problems, "problems": problems, "cases": []}
    # The module's __call__ is a tf.function, so Keras runs as a graph too, as its predict() and fit() do:
    # there oneDNN fuses MatMul/Conv2D + BiasAdd + Relu/Gelu, which maps NaN to 0 (relu) or +Inf to NaN (gelu)
    # on both sides. Eager Keras keeps them; comparing a graph with eager code would compare TF's two modes.
    keras_graph = tf.function(lambda *t: original(feed(list(t)), training=False))
    specs = input_specs(original, job["int_high"].get(variant["model"]))
    cases = input_cases(specs, job_unknown_dim())
    # One trace for every case: the batch and the unknown dimensions stay unknown while the module traces, as
    # they are in a saved model or a tf.function with an input signature.
    traced = module.__call__.get_concrete_function(*[
        tf.TensorSpec((None, *tensor.shape[1:]), x.dtype) for tensor, x in zip(original.inputs, cases["batch 1"])])
    for case, xs in cases.items():
        tensors = [tf.constant(x) for x in xs]
        refs, gots = as_list(keras_graph(*tensors)), as_list(traced(*tensors))
        if len(refs) != len(gots):
            problems.append(f"the module returns {len(gots)} outputs, Keras {len(refs)}")
            break
        for i, (ref, got) in enumerate(zip(refs, gots)):
            name = "output" if len(refs) == 1 else f"output[{i}]"
            finite = case not in NONFINITE_CASES
            result["cases"].append({"case": case, "layer": name, **compare(np.asarray(ref), np.asarray(got), finite=finite, scaled=case == "large")})
    if not problems:
        result["cases"] += compare_module_logits(original, module, specs)
    random = random_layers(original)
    # What training mode compared, or why not (None: compared): the verdict says it, so no model skips it silently.
    result["training"] = {"mode": _random_reason(random) or (problems[0] if problems else None),
                          "step": _random_reason(random) or (problems[0] if problems else None)
                          or train_step.skip_reason(original, module)}
    if result["training"]["mode"] is None:
        result["cases"] += compare_training_module(original, module, specs, mapping)
    layers = non_input_layers(original)
    noise = noise_stats.check_model(
        layers, lambda x: module(tf.constant(x), training=True), concrete(input_shape(original), job_unknown_dim()))
    if noise is not None:
        result["dropout"] = noise
    if not problems:
        result["initializers"] = initializer_checks(cls, kwargs, original, mapping, initial, keras_initial)
    if result["training"]["step"] is None:
        # Last: the step moves Keras's weights (the next lowering of the model randomizes them again).
        variables = module.variables
        pairs = [(variables[k], j) for k, j in mapping.items()]
        step = train_step.compare_step(original, module, first_case(specs, job_unknown_dim())[0], pairs)
        result["cases"] += step
        if not step:
            result["training"]["step"] = f"no labels made for the loss {original.loss!r}"
    return finish(result)


def compare_module_logits(original: keras.Model, module: tf.Module, specs: list) -> list[dict]:
    """A model ending in softmax or sigmoid: its logits too (the module's `return_logits=True`)."""
    final = logits.final_layer(original)
    if final is None or not logits.squashes(final) or not logits.module_returns_logits(module):
        return []
    tensors = [tf.constant(x) for x in first_case(specs, job_unknown_dim())]
    with logits.linear(final):
        ref = tf.function(lambda *t: original(feed(list(t)), training=False))(*tensors)
    got = module(*tensors, return_logits=True)[1]
    return [{"case": "logits", "layer": "output", **compare(np.asarray(ref), np.asarray(got), finite=True)}]


def compare_training_module(original: keras.Model, module: tf.Module, specs: list, mapping: dict) -> list[dict]:
    """Training mode, both as graphs: outputs, then every variable after the call (moving statistics)."""
    tensors = [tf.constant(x) for x in first_case(specs, job_unknown_dim())]
    keras_train = tf.function(lambda *t: original(feed(list(t)), training=True))
    refs, gots = as_list(keras_train(*tensors)), as_list(module(*tensors, training=True))
    cases = [{"case": "training", "layer": f"output[{i}]", **compare(np.asarray(r), np.asarray(g), finite=True)}
             for i, (r, g) in enumerate(zip(refs, gots))]
    keras_after = original.get_weights()
    for k, j in mapping.items():
        cases.append({"case": "after training", "layer": original.weights[j].path,
                      **compare(keras_after[j], module.variables[k].numpy(), finite=True)})
    return cases


def named_dimensions(cls: type, ns: dict) -> dict:
    """Keyword arguments for the named dimensions `__init__` requires, from the program's own globals."""
    params = inspect.signature(cls.__init__).parameters.values()
    required = [
        p.name for p in params
        if p.name != "self" and p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
    ]
    return {name: ns[name] for name in required}


def map_variables(module: tf.Module, weights: list[np.ndarray]) -> tuple[list[str], dict[int, int]]:
    """Which module variable received which Keras weight: load_keras_weights copies by position and shape."""
    mapping: dict[int, int] = {}
    for k, variable in enumerate(module.variables):
        value = variable.numpy()
        hits = [j for j, w in enumerate(weights) if w.shape == value.shape and np.array_equal(w, value)]
        if len(hits) == 1:
            mapping[k] = hits[0]
    missing = sorted(set(range(len(weights))) - set(mapping.values()))
    problems = [f"Keras weight #{j} {weights[j].shape} was not loaded into any module variable" for j in missing]
    return problems, mapping


def initializer_checks(cls, kwargs, original, mapping, initial, keras_initial) -> list[dict]:
    shapes = [initial[k].shape for k in mapping]
    draws = {k: [initial[k]] for k in mapping}
    for _ in range(initializer_stats.instances_needed(shapes) - 1):
        extra = cls(**kwargs).variables
        for k in mapping:
            draws[k].append(extra[k].numpy())
    checks = []
    for k, j in mapping.items():
        variable = original.weights[j]
        initializer = initializer_stats.keras_initializer(original, variable)
        problem = initializer_stats.check(initializer, draws[k], keras_initial[j])
        checks.append({"weight": variable.path, "initializer": type(initializer).__name__,
                       "ok": problem is None, "problem": problem})
    return checks


def finish(result: dict) -> dict:
    """The verdict: everything passed, and something was compared (no vacuous pass)."""
    cases = result.get("cases", [])
    result["elements"] = sum(c.get("elements", 0) for c in cases)
    if result["ok"] and not cases:
        result["problems"].append("nothing was compared: no layer output matched")
    elif result["ok"] and result["elements"] == 0:
        result["problems"].append(f"{len(cases)} outputs compared, but not one finite value among them")
    parts = [c["ok"] for c in cases]
    parts += [result[k]["ok"] for k in ("dropout",) if k in result]
    parts += [c["ok"] for c in result.get("initializers", [])]
    result["ok"] = result["ok"] and not result["problems"] and all(parts)
    return result


_JOB: dict = {}


def job_unknown_dim() -> int:
    """What an unknown dimension becomes in this program's inputs (the job says; real-world programs ask more)."""
    return _JOB.get("unknown_dim", UNKNOWN_DIM)


def main(job_path: str, out_path: str) -> None:
    job = json.loads(open(job_path).read())
    _JOB.update(job)
    out: dict = {"facts": {}, "variants": {}, "error": None}
    try:
        ns = run_program(job["source"])
        models = {var: ns[var] for var in job["models"]}
    except Exception:
        out["error"] = traceback.format_exc()
        models = {}
    for var, model in models.items():
        try:
            out["facts"][var] = model_facts(model)
        except (AttributeError, ValueError) as error:  # a subclassed model never called has no outputs
            out["facts"][var] = {"error": str(error)}
    initial = {var: model.get_weights() for var, model in models.items()}
    for variant in job["variants"]:
        try:
            original = models[variant["model"]]
            if variant["mode"] == "layer":
                out["variants"][variant["id"]] = check_layer_variant(variant, original, job)
            else:
                out["variants"][variant["id"]] = check_module_variant(variant, original, initial[variant["model"]], job)
        except Exception:
            out["variants"][variant["id"]] = {"ok": False, "problems": [traceback.format_exc(limit=-4)]}
    with open(out_path, "w") as f:
        json.dump(out, f, default=str)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
