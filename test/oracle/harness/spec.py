"""What a layer family's oracle file declares: its configuration matrix (Family, Case) and the mutants
that prove the matrix can fail (Mutant). One file per family under `families/`, all alike."""
from __future__ import annotations

import re
from dataclasses import dataclass

# The activations the engine must lower exactly wherever a layer takes `activation=`.
# Every name Keras 3 accepts, but `glu` (halves the last axis: only the Activation layer lowers it) and
# `threshold` (Keras itself cannot call it without arguments).
ACTIVATIONS = (
    "relu", "sigmoid", "tanh", "softmax", "linear", "elu",
    "selu", "gelu", "silu", "swish", "softplus", "softsign",
    "relu6", "leaky_relu", "log_softmax", "hard_sigmoid", "hard_silu", "hard_swish",
    "mish", "exponential", "celu", "hard_tanh", "sparse_plus", "squareplus",
    "tanh_shrink", "soft_shrink", "hard_shrink", "sparsemax", "log_sigmoid", "sparse_sigmoid",
)

Shape = tuple[int, ...]

# Every matrix case is a chain: the layer, then a consumer that needs its static output shape (Flatten then
# Dense when every input dimension is known, a Dense on the last axis otherwise). The consumers carry these
# name suffixes, so they never shift Keras's automatic layer names, and they are not lowered on their own.
CHAIN_FLATTEN, CHAIN_DENSE = "_chain_flatten", "_chain_dense"
CHAIN_UNITS = 3


def is_chain_layer(name: str) -> bool:
    return name.endswith((CHAIN_FLATTEN, CHAIN_DENSE))


@dataclass(frozen=True)
class Case:
    var: str
    layer: str  # the constructor call as the program spells it
    input_shape: Shape  # without the batch dimension
    # Further inputs (functional families only), each without the batch dimension.
    more_inputs: tuple[Shape, ...] = ()
    # How the layer is called on its inputs `{0}`, `{1}`, ... (functional families only). Default:
    # `{layer}({0})` for one input, `{layer}([{0}, {1}, ...])` for several.
    call: str | None = None
    # Integer inputs (Embedding): every input is int32, drawn from [0, int_high).
    int_high: int | None = None

    @property
    def several_outputs(self) -> bool:
        """The layer returns a list (states, attention scores, unmerged directions): no single consumer."""
        text = self.layer + (self.call or "")
        return any(flag in text for flag in ("return_state=True", "merge_mode=None", "return_attention_scores=True"))

    @property
    def input_shapes(self) -> tuple[Shape, ...]:
        return (self.input_shape, *self.more_inputs)


@dataclass(frozen=True)
class Family:
    name: str  # the Keras class the family exercises; names the program `matrix_<name>`
    header: str  # imports, in this family's spelling
    style: str  # "sequential" | "functional"
    model_ctor: str  # how this spelling names Sequential/Model and Input
    input_ctor: str
    cases: tuple[Case, ...]
    # Why the family's cases are not chained (None: they are). Random layers are judged by the statistics of
    # their own outputs in training mode, which a consumer would mix.
    unchained: str | None = None


def cases(prefix: str, layer_template: str, configs: list[tuple[str, Shape]]) -> tuple[Case, ...]:
    """One single-input case per (arguments, input shape), named `<prefix>_<i>`."""
    return tuple(
        Case(f"{prefix}_{i}", layer_template.format(args), shape) for i, (args, shape) in enumerate(configs)
    )


class PatternNotFound(Exception):
    """The lowering no longer contains the text a mutant edits: update the mutant, never drop it."""


@dataclass(frozen=True)
class Mutant:
    name: str
    rule: str  # the rule under attack: a Keras class, or "module"
    program: str
    model: str
    layer: str | None  # None for a module-mode lowering
    pattern: str  # a regular expression over the lowered text
    replacement: str
    why: str
    # The check that must reject it, with the same shapes and the same build: "numbers" (the value comparison),
    # "numbers in training" (a random layer's training-mode numbers: draws never equal Keras's, so they are judged
    # by their distribution, kept values compared) or "initializer statistics" (random initial draws, where
    # statistics are the only honest check). Where a rule has no shape-preserving bug worth catching, a mutant may
    # be rejected by "shape" or "build" (a lost static shape), beside a numerical mutant of the same rule, and
    # says why in `why`.
    rejected_by: str = "numbers"

    @property
    def target_id(self) -> str:
        return f"{self.model}.{self.layer}" if self.layer else f"{self.model}.module"

    def apply(self, text: str) -> str:
        mutated, count = re.subn(self.pattern, self.replacement, text, count=1)
        if count == 0:
            raise PatternNotFound(f"mutant {self.name}: /{self.pattern}/ not found in the {self.target_id} lowering")
        return mutated
