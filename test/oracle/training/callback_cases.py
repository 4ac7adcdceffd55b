"""The callback oracle's cases: one linear model trained on data crafted so that the validation loss falls for
five epochs and then rises (the training targets are twice the validation ones), with EarlyStopping and
ModelCheckpoint configured so that each argument changes the epoch at which training stops or which epochs
save; and mutants of the lowered callbacks that the oracle must reject."""
from __future__ import annotations

from dataclasses import dataclass

SOURCE = """import numpy as np
import keras

rng = np.random.default_rng(7)
w = np.array([[2.0], [-1.0], [0.5], [1.0]], dtype="float32")
x = rng.uniform(-1, 1, (64, 4)).astype("float32")
y = x @ w
xv = rng.uniform(-1, 1, (32, 4)).astype("float32")
yv = 0.5 * (xv @ w)

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, kernel_initializer="zeros")])
model.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse", metrics=["mae"])
history = model.fit(
    x, y, batch_size=16, epochs=30, shuffle=False, verbose=0, validation_data=(xv, yv),
    callbacks=[{callbacks}],
)
"""


@dataclass(frozen=True)
class CallbackCase:
    id: str
    callbacks: str
    # What Keras is expected to do with this data (1-based epochs), so that a case that stops testing
    # anything is noticed; the oracle itself compares with Keras's run, not with these numbers.
    epochs_run: int
    mutant: tuple[str, str] | None = None

    @property
    def source(self) -> str:
        return SOURCE.format(callbacks=self.callbacks)


ES = "keras.callbacks.EarlyStopping"
MC = "keras.callbacks.ModelCheckpoint"

CASES = [
    CallbackCase(
        "patience_restore_best_and_best_weights_files",
        f'{ES}(monitor="val_loss", patience=2, restore_best_weights=True), '
        f'{MC}("ckpt/w-{{epoch:02d}}-{{val_loss:.3f}}.weights.h5", save_best_only=True, save_weights_only=True)',
        7,
    ),
    CallbackCase("min_delta", f'{ES}(monitor="val_loss", min_delta=0.01, patience=1, mode="min")', 5),
    CallbackCase("baseline", f'{ES}(monitor="val_loss", patience=3, baseline=0.005, start_from_epoch=1)', 6),
    CallbackCase("start_from_epoch_auto_mode_from_metric", f'{ES}(monitor="val_mae", patience=1, start_from_epoch=6)', 8),
    CallbackCase(
        "whole_model_files_with_threshold",
        f'{MC}("ckpt/m-{{epoch:02d}}.keras", monitor="val_mae", mode="min", save_best_only=True, '
        f'initial_value_threshold=0.3), {ES}(patience=1)',
        6,
    ),
    CallbackCase(
        "max_mode_and_file_overwritten_each_epoch",
        f'{ES}(monitor="val_loss", mode="max", patience=0, verbose=1), '
        f'{MC}(filepath="ckpt/last.weights.h5", save_weights_only=True, verbose=1)',
        2,
    ),
]

MUTANTS = [
    CallbackCase("mutant-patience_off_by_one", CASES[0].callbacks, 0, ('state["wait"] >= 2', 'state["wait"] > 2')),
    CallbackCase(
        "mutant-best_weights_not_restored",
        CASES[0].callbacks,
        0,
        ('zip(self.model_variables(), state["best_weights"])', 'zip([], state["best_weights"])'),
    ),
    CallbackCase(
        "mutant-baseline_ignored",
        CASES[2].callbacks,
        0,
        ("self._monitor_improved(current, 0.005,", "self._monitor_improved(current, None,"),
    ),
    CallbackCase("mutant-threshold_ignored", CASES[4].callbacks, 0, ('return {"best": 0.3}', 'return {"best": None}')),
    CallbackCase("mutant-direction_flipped", CASES[5].callbacks, 0, ('state["best"], 0.0, "max")', 'state["best"], 0.0, "min")')),
]
