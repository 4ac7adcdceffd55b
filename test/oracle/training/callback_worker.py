"""Runs each callback case's own source under Keras (fit with EarlyStopping/ModelCheckpoint) and the lowered
module's fit() on the same arrays, each in its own directory, and compares the epochs run, the history, the
final (restored) weights, which checkpoint files were written, and what each checkpoint restores.
Usage: python callback_worker.py JOB.json OUT.json (JOB: [{id, source, lowered, dir}])."""
from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keras  # noqa: E402

from harness.compare import compare  # noqa: E402

KERAS_SUFFIX = re.compile(r"(\.weights\.h5|\.keras|\.h5)$")


@contextlib.contextmanager
def working_directory(path: Path):
    previous = os.getcwd()
    path.mkdir(parents=True, exist_ok=True)
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def saved_files(root: Path) -> dict[str, Path]:
    """Checkpoints under root/ckpt keyed by the Keras file name (the lowered `.ckpt.index` mapped back)."""
    found = {}
    for path in sorted((root / "ckpt").glob("*")) if (root / "ckpt").exists() else []:
        if path.name.endswith(".ckpt.index"):
            found[path.name[: -len(".ckpt.index")]] = path.with_name(path.name[: -len(".index")])
        elif KERAS_SUFFIX.search(path.name):
            found[KERAS_SUFFIX.sub("", path.name)] = path
    return found


def run_case(case: dict) -> dict:
    root = Path(case["dir"]) / case["id"]
    checks: list[dict] = []

    def check(what: str, ref, got) -> None:
        result = compare(np.asarray(ref, np.float32), np.asarray(got, np.float32))
        result["what"] = what
        checks.append(result)

    def fail(what: str, problem: str) -> None:
        checks.append({"ok": False, "abs": None, "rel": None, "problem": problem, "what": what})

    namespace: dict = {}
    with working_directory(root / "keras"):
        exec(compile(case["source"], case["id"], "exec"), namespace)
    model, history = namespace["model"], namespace["history"].history
    keras_weights = model.get_weights()

    path = root / "lowered.py"
    path.write_text(case["lowered"])
    spec = importlib.util.spec_from_file_location(f"lowered_{zlib.crc32(case['id'].encode())}", path)
    lowered = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lowered)
    module = lowered.ModelTF()
    if any(np.any(v.numpy() != 0) for v in module.model_variables()):
        fail("initial weights", "the lowered module does not start from Keras's zeros")
    with working_directory(root / "lowered"):
        ours = module.fit(namespace["x"], namespace["y"], validation_data=(namespace["xv"], namespace["yv"]), verbose=0)

    epochs = len(history["loss"])
    if sorted(ours) != sorted(history) or any(len(v) != epochs for v in ours.values()):
        fail("history", f"Keras ran {epochs} epochs with {sorted(history)}; lowered: { {k: len(v) for k, v in ours.items()} }")
    else:
        for name in history:
            check(f"history {name}", history[name], ours[name])
    for index, (ref, got) in enumerate(zip(keras_weights, [v.numpy() for v in module.model_variables()])):
        check(f"final weight {index}", ref, got)

    keras_files, our_files = saved_files(root / "keras"), saved_files(root / "lowered")
    if sorted(keras_files) != sorted(our_files):
        fail("checkpoints", f"Keras saved {sorted(keras_files)}, lowered saved {sorted(our_files)}")
    for name in sorted(set(keras_files) & set(our_files)):
        keras_path = keras_files[name]
        if keras_path.name.endswith(".weights.h5"):
            model.load_weights(keras_path)
            reference = model.get_weights()
        else:
            reference = keras.saving.load_model(keras_path).get_weights()
        fresh = lowered.ModelTF()
        fresh.restore_checkpoint(str(our_files[name]))
        for index, (ref, got) in enumerate(zip(reference, [v.numpy() for v in fresh.model_variables()])):
            check(f"checkpoint {name} weight {index}", ref, got)

    bad = [c for c in checks if not c["ok"]]
    return {
        "id": case["id"],
        "ok": not bad,
        "problem": f"{bad[0]['what']}: {bad[0]['problem']}" if bad else None,
        "abs": max((c["abs"] or 0.0) for c in checks),
        "rel": max((c["rel"] or 0.0) for c in checks),
        "epochs": epochs,
        "saved": sorted(keras_files),
    }


def main(job: str, out: str) -> None:
    results = []
    for case in json.loads(Path(job).read_text()):
        try:
            results.append(run_case(case))
        except Exception as error:  # a crash is a failed case, reported with the others
            results.append({"id": case["id"], "ok": False, "problem": f"{type(error).__name__}: {error}"})
    Path(out).write_text(json.dumps(results))


if __name__ == "__main__":
    keras.utils.set_random_seed(0)
    main(*sys.argv[1:])
