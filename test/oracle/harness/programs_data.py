"""Synthetic stand-ins for the data a whole program loads, so it runs offline, in seconds, in the programs
oracle's worker: `keras.datasets.*.load_data`, `keras.utils.get_file` and the folders that
`image_dataset_from_directory` / `text_dataset_from_directory` read.

Each stand-in keeps the documented per-sample shape and dtype (keras/src/datasets/*.py in keras-team/keras)
and every label class; only the number of samples of the image and text sets is cut (`TRAIN`/`TEST`), so a
model built from `x_train.shape[1:]` or `len(np.unique(y_train))` is the model the real data builds. A model
whose shape depended on the number of samples would differ; no fixture builds one.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np

# Samples per split: more than the batch sizes programs use (DLWP's 512 after a quarter is held out), so
# a model built by its first batch sees the batch size the real data gives it; >= 100 for cifar100's labels.
TRAIN = 1024
TEST = 256
IMAGES_PER_CLASS = 12  # a folder's first batch of 16 is full, validation split or not
TEXTS_PER_CLASS = 12
_rng = np.random.default_rng(1234)


class HarnessError(Exception):
    """The harness has no stand-in for what the program asked for: the fixture, not the engine, must change."""


def _labels(count: int, classes: int, dtype: str) -> np.ndarray:
    return (np.arange(count) % classes).astype(dtype)  # every class occurs


def _images(count: int, sample_shape: tuple[int, ...]) -> np.ndarray:
    return _rng.integers(0, 256, size=(count, *sample_shape), dtype=np.uint8)


def _grayscale_loader():
    # mnist / fashion_mnist: x uint8 (N, 28, 28), y uint8 (N,) in 0-9.
    def load_data(*_args, **_kwargs):
        return ((_images(TRAIN, (28, 28)), _labels(TRAIN, 10, "uint8")),
                (_images(TEST, (28, 28)), _labels(TEST, 10, "uint8")))
    return load_data


def _cifar10_load_data():
    # x uint8 (N, 32, 32, 3), y uint8 (N, 1) in 0-9.
    return ((_images(TRAIN, (32, 32, 3)), _labels(TRAIN, 10, "uint8")[:, None]),
            (_images(TEST, (32, 32, 3)), _labels(TEST, 10, "uint8")[:, None]))


def _cifar100_load_data(label_mode="fine"):
    if label_mode not in ("fine", "coarse"):
        raise ValueError(f"`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode={label_mode}.")
    classes = 100 if label_mode == "fine" else 20
    return ((_images(TRAIN, (32, 32, 3)), _labels(TRAIN, classes, "uint8")[:, None]),
            (_images(TEST, (32, 32, 3)), _labels(TEST, classes, "uint8")[:, None]))


def _sequences(count: int, num_words: int | None, maxlen: int | None, start_char=1, vocabulary=88586) -> np.ndarray:
    """Ragged `dtype=object` arrays of Python int lists, as imdb/reuters return them."""
    top = num_words or vocabulary
    longest = maxlen or 400
    out = np.empty(count, dtype=object)
    for i in range(count):
        length = int(_rng.integers(8, longest + 1))
        body = _rng.integers(4, top, size=length - (start_char is not None)).tolist()
        out[i] = ([start_char] if start_char is not None else []) + body
    return out


def _imdb_load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113, start_char=1,
                    oov_char=2, index_from=3, **_kwargs):
    # x: object arrays of int lists, y: int64 in {0, 1}.
    return ((_sequences(TRAIN, num_words, maxlen, start_char), _labels(TRAIN, 2, "int64")),
            (_sequences(TEST, num_words, maxlen, start_char), _labels(TEST, 2, "int64")))


def _reuters_load_data(path="reuters.npz", num_words=None, skip_top=0, maxlen=None, test_split=0.2, seed=113,
                       start_char=1, oov_char=2, index_from=3, **_kwargs):
    # x: object arrays of int lists, y: int64 in 0-45 (46 topics).
    return ((_sequences(TRAIN, num_words, maxlen, start_char, 30979), _labels(TRAIN, 46, "int64")),
            (_sequences(TEST, num_words, maxlen, start_char, 30979), _labels(TEST, 46, "int64")))


def _regression_loader(features: int, samples: dict[str, int]):
    # boston_housing (13 features, 506 rows) / california_housing (8 features; version "large" 20,640 rows,
    # "small" 600): x float64 (N, features), y float64 (N,), split by test_split as Keras splits them.
    # These tables are small: their documented sample counts are kept.
    def load_data(path=None, test_split=0.2, seed=113, version="large", **_kwargs):
        total = samples.get(version, samples["large"])
        train = int(total * (1 - test_split))
        x, y = _rng.normal(size=(total, features)), _rng.normal(size=(total,)) + 20.0
        return (x[:train], y[:train]), (x[train:], y[train:])
    return load_data


# keras.datasets.<name> -> its stand-in `load_data`.
LOADERS = {
    "mnist": _grayscale_loader(),
    "fashion_mnist": _grayscale_loader(),
    "cifar10": _cifar10_load_data,
    "cifar100": _cifar100_load_data,
    "imdb": _imdb_load_data,
    "reuters": _reuters_load_data,
    "boston_housing": _regression_loader(13, {"large": 506}),
    "california_housing": _regression_loader(8, {"large": 20640, "small": 600}),
}


def write_image_folder(root: Path, classes: list[str], size: int = 40) -> None:
    """`classes` sub-folders of small JPEGs, as image_dataset_from_directory reads them."""
    import tensorflow as tf

    for name in classes:
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(IMAGES_PER_CLASS):
            pixels = tf.constant(_images(1, (size, size, 3))[0])
            tf.io.write_file(str(root / name / f"{i}.jpg"), tf.io.encode_jpeg(pixels))


_WORDS = "the a film movie plot actor scene good bad great dull story music ending long short".split()


def write_text_folder(root: Path, classes: list[str]) -> None:
    for name in classes:
        (root / name).mkdir(parents=True, exist_ok=True)
        for i in range(TEXTS_PER_CLASS):
            words = _rng.choice(_WORDS, size=int(_rng.integers(5, 40)))
            (root / name / f"{i}.txt").write_text(" ".join(words) + " <br />\n")


def _flower_photos(target: Path) -> None:
    write_image_folder(target / "flower_photos", ["daisy", "dandelion", "roses", "sunflowers", "tulips"])


def _cats_and_dogs(target: Path) -> None:
    for split in ("train", "validation"):
        write_image_folder(target / "cats_and_dogs_filtered" / split, ["cats", "dogs"])


def _aclimdb(target: Path) -> None:
    write_text_folder(target / "aclImdb" / "train", ["neg", "pos", "unsup"])
    write_text_folder(target / "aclImdb" / "test", ["neg", "pos"])


_JENA_COLUMNS = ["Date Time", "p (mbar)", "T (degC)", "Tpot (K)", "Tdew (degC)", "rh (%)", "VPmax (mbar)",
                 "VPact (mbar)", "VPdef (mbar)", "sh (g/kg)", "H2OC (mmol/mol)", "rho (g/m**3)", "wv (m/s)",
                 "max. wv (m/s)", "wd (deg)"]


def _jena_climate(target: Path) -> None:
    # One row every ten minutes; 1,200 rows is enough for a few hourly windows.
    target.mkdir(parents=True, exist_ok=True)
    rows = [",".join(f'"{c}"' for c in _JENA_COLUMNS)]
    for i in range(1200):
        values = _rng.normal(size=len(_JENA_COLUMNS) - 1)
        rows.append(f"{1 + i // 144:02d}.01.2009 00:{i % 6}0:00," + ",".join(f"{v:.3f}" for v in values))
    (target / "jena_climate_2009_2016.csv").write_text("\n".join(rows) + "\n")


def _ford_a(path: Path) -> None:
    # UCR FordA: one series per line, the label (-1 or 1) then 500 readings, tab-separated.
    lines = []
    for i in range(48):
        readings = _rng.normal(size=500)
        lines.append("\t".join([str(1 if i % 2 else -1)] + [f"{v:.4f}" for v in readings]))
    path.write_text("\n".join(lines) + "\n")


def _shakespeare(path: Path) -> None:
    path.write_text("First Citizen:\nBefore we proceed any further, hear me speak.\n" * 200)


def _fra_eng(target: Path) -> None:
    # tab-separated "English<TAB>French<TAB>attribution" pairs, as manythings.org/anki ships them.
    target.mkdir(parents=True, exist_ok=True)
    pairs = [("Go.", "Va !"), ("Run!", "Cours !"), ("Wait!", "Attends !"), ("Hello!", "Bonjour !"),
             ("I see.", "Je comprends."), ("Thanks.", "Merci.")]
    lines = [f"{en}\t{fr}\tCC-BY 2.0" for en, fr in pairs * 20]
    (target / "fra.txt").write_text("\n".join(lines) + "\n")


def _creditcard(path: Path) -> None:
    # Kaggle's credit card fraud table: "Time", V1..V28, "Amount", then "Class" (1 for a fraud, rare).
    header = ["Time"] + [f"V{i}" for i in range(1, 29)] + ["Amount", "Class"]
    lines = [",".join(f'"{h}"' for h in header)]
    for i in range(300):
        values = _rng.normal(size=30)
        lines.append(",".join(f"{v:.5f}" for v in values) + f',"{1 if i % 50 == 0 else 0}"')
    path.write_text("\n".join(lines) + "\n")


# get_file's file name or its origin's last part, without extension, -> (is an archive, writer). An archive's
# writer fills the extraction directory; a plain file's writer writes the file.
DOWNLOADS = {
    "flower_photos": (True, _flower_photos),
    "cats_and_dogs_filtered": (True, _cats_and_dogs),
    "aclImdb_v1": (True, _aclimdb),
    "jena_climate_2009_2016": (True, _jena_climate),
    "fra-eng": (True, _fra_eng),
    "FordA_TRAIN": (False, _ford_a),
    "FordA_TEST": (False, _ford_a),
    "shakespeare": (False, _shakespeare),
    "creditcard": (False, _creditcard),
}


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir="datasets",
             hash_algorithm="auto", extract=False, archive_format="auto", cache_dir=None, force_download=False):
    """keras.utils.get_file without the network: returns the path Keras would, holding generated data."""
    fname = fname or os.path.basename(str(origin).rstrip("/"))
    stem = fname.split(".")[0]
    # The data set is known by the file name the program gives it, else by its origin's.
    key = next((k for k in (stem, os.path.basename(str(origin)).split(".")[0]) if k in DOWNLOADS), None)
    if key is None:
        raise HarnessError(f"get_file({fname!r}, {origin!r}): no generated stand-in; known: {sorted(DOWNLOADS)}")
    archive, write = DOWNLOADS[key]
    datadir = Path(cache_dir or Path.cwd() / ".keras") / cache_subdir
    datadir.mkdir(parents=True, exist_ok=True)
    if extract or untar:
        # Keras: a file name with a dot extracts to `<stem>_extracted`, one without to `<fname>`.
        target = datadir / (f"{stem}_extracted" if "." in fname else fname)
        if not archive:
            raise HarnessError(f"get_file({fname!r}, extract=True): the stand-in is a plain file")
        if not target.exists():
            write(target)
        return str(target)
    if archive:
        raise HarnessError(f"get_file({fname!r}) without extract: the stand-in is an archive")
    target = datadir / fname
    if not target.exists():
        write(target)
    return str(target)


def ensure_folder(directory, kind: str) -> None:
    """A folder the program names that does not exist is generated (two classes) inside the temp cwd."""
    path = Path(os.fspath(directory)).resolve()
    if path.exists():
        return
    if Path.cwd().resolve() not in path.parents:
        raise HarnessError(f"{directory!r} is outside the program's temp directory; the harness writes only there")
    (write_image_folder if kind == "image" else write_text_folder)(path, ["class_a", "class_b"])
