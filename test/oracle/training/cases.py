"""The training oracle's cases: loss x optimizer pairs on small models whose output suits the loss, and one
mutant per optimizer (plus the classic double softmax) that the oracle must reject."""
from __future__ import annotations

from dataclasses import dataclass

# Output layers by what the loss needs: a softmax, a sigmoid, logits, positive probabilities, regression.
HEADS = {
    "softmax": 'keras.layers.Dense(5, activation="softmax")',
    "sigmoid": 'keras.layers.Dense(1, activation="sigmoid")',
    "logits": "keras.layers.Dense(5)",
    "logit1": "keras.layers.Dense(1)",
    "positive": 'keras.layers.Dense(5, activation="softplus")',
    "linear": "keras.layers.Dense(3)",
}

# (id, loss expression, head, label kind)
LOSSES = [
    ("cce_softmax", '"categorical_crossentropy"', "softmax", "onehot5"),
    ("cce_smooth", "keras.losses.CategoricalCrossentropy(label_smoothing=0.1)", "softmax", "onehot5"),
    ("cce_from_logits", "keras.losses.CategoricalCrossentropy(from_logits=True)", "logits", "onehot5"),
    ("cce_probabilities", "keras.losses.categorical_crossentropy", "positive", "onehot5"),
    ("scce_softmax", '"sparse_categorical_crossentropy"', "softmax", "sparse5"),
    ("scce_from_logits", "keras.losses.SparseCategoricalCrossentropy(from_logits=True)", "logits", "sparse5"),
    ("bce_sigmoid", '"binary_crossentropy"', "sigmoid", "binary"),
    ("bce_logits_smooth", "keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.05)", "logit1", "binary"),
    ("mse", '"mse"', "linear", "regression"),
    ("mae", "keras.losses.MeanAbsoluteError()", "linear", "regression"),
    ("huber", "keras.losses.Huber(delta=0.5)", "linear", "regression"),
]

OPTIMIZERS = [
    ("sgd", '"sgd"'),
    ("sgd_momentum", "keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)"),
    ("sgd_nesterov_clipnorm", "keras.optimizers.SGD(0.05, momentum=0.8, nesterov=True, clipnorm=0.5)"),
    ("adam", '"adam"'),
    ("adam_amsgrad_global_clip", "keras.optimizers.Adam(0.01, amsgrad=True, global_clipnorm=1.0)"),
    ("adamw", "keras.optimizers.AdamW(learning_rate=0.01)"),
    ("rmsprop", '"rmsprop"'),
    ("rmsprop_centered_momentum_clipvalue", "keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True, clipvalue=0.1)"),
    ("adagrad", "keras.optimizers.Adagrad(learning_rate=0.1)"),
    ("adam_exponential_decay", "keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.01, 2, 0.5))"),
    ("sgd_piecewise_weight_decay", "keras.optimizers.SGD(keras.optimizers.schedules.PiecewiseConstantDecay([1], [0.1, 0.02]), weight_decay=0.05)"),
]


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    labels: str
    mutant: tuple[str, str] | None = None  # (find, replace) applied to the lowered text


# Weight regularizers on both layers (names, classes, both factors): their penalties join the loss.
REGULARIZED_HIDDEN = (
    'keras.layers.Dense(16, activation="tanh", kernel_regularizer="l2", '
    "bias_regularizer=keras.regularizers.L1(0.001))"
)
REGULARIZED_HEADS = {
    "softmax": 'keras.layers.Dense(5, activation="softmax", kernel_regularizer=keras.regularizers.L1L2(l1=0.01, l2=0.02))',
    "linear": 'keras.layers.Dense(3, kernel_regularizer=keras.regularizers.l2(0.05), bias_regularizer="L1")',
}
REGULARIZED = [
    ("cce_softmax", '"categorical_crossentropy"', "softmax", "onehot5", "sgd", '"sgd"'),
    ("cce_softmax", '"categorical_crossentropy"', "softmax", "onehot5", "adam", '"adam"'),
    ("mse", '"mse"', "linear", "regression", "rmsprop", '"rmsprop"'),
    ("mse", '"mse"', "linear", "regression", "adamw", OPTIMIZERS[5][1]),
]


def source(loss: str, head: str, optimizer: str, metrics: str | None, regularized: bool = False) -> str:
    metrics_arg = f", metrics={metrics}" if metrics else ""
    hidden = REGULARIZED_HIDDEN if regularized else 'keras.layers.Dense(16, activation="tanh")'
    output = REGULARIZED_HEADS[head] if regularized else HEADS[head]
    return (
        "import keras\n"
        "import tensorflow as tf\n\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        f"    {hidden},\n"
        f"    {output},\n"
        "])\n"
        f"model.compile(optimizer={optimizer}, loss={loss}{metrics_arg})\n"
    )


def cases() -> list[Case]:
    """Every loss with three optimizers, cycling so that each optimizer meets three losses."""
    result = []
    for i, (loss_id, loss, head, labels) in enumerate(LOSSES):
        for j in range(3):
            opt_id, optimizer = OPTIMIZERS[(3 * i + j) % len(OPTIMIZERS)]
            metrics = '["accuracy"]' if labels != "regression" and j == 0 else None
            result.append(Case(f"{loss_id}-{opt_id}", source(loss, head, optimizer, metrics), labels))
    for loss_id, loss, head, labels, opt_id, optimizer in REGULARIZED:
        result.append(Case(f"regularized-{loss_id}-{opt_id}", source(loss, head, optimizer, None, True), labels))
    return result


# One mutant per optimizer rule (and one for the loss fusion): a plausible slip in the lowered text.
MUTANTS = [
    ("sgd", '"sgd"', "variable.assign_sub(gradient * learning_rate)", "variable.assign_add(gradient * learning_rate)"),
    ("sgd_momentum", OPTIMIZERS[1][1], "m.assign(m * momentum - gradient * learning_rate)", "m.assign(m * momentum + gradient * learning_rate)"),
    ("adam", '"adam"', "(1 - 0.9))", "(1 - 0.999))"),
    ("adamw", OPTIMIZERS[5][1], "* tf.constant(0.004, variable.dtype)", "* tf.constant(0.04, variable.dtype)"),
    ("rmsprop", '"rmsprop"', "velocity + 1e-7", "velocity + 1e-3"),
    ("adagrad", OPTIMIZERS[8][1], "tf.sqrt(accumulator + 1e-7)", "tf.sqrt(accumulator + 1.0)"),
    ("double_softmax", '"adam"', "logits=logits", "logits=y_pred"),
]


def mutant_cases() -> list[Case]:
    result = []
    for mutant_id, optimizer, find, replace in MUTANTS:
        loss, head, labels = ('"categorical_crossentropy"', "softmax", "onehot5")
        result.append(Case(f"mutant-{mutant_id}", source(loss, head, optimizer, None), labels, (find, replace)))
    # The penalty left out of the loss: the weights then move differently from Keras's.
    regularized = source('"mse"', "linear", '"sgd"', None, True)
    result.append(Case("mutant-regularization_dropped", regularized, "regression",
                       (" + self.regularization_loss()", "")))
    return result
