"""The fixture programs the oracle runs: the hand-written fixtures and the generated matrix programs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import matrix
from .paths import FIXTURES, RESULTS


@dataclass(frozen=True)
class Program:
    name: str
    path: Path
    models: tuple[str, ...]  # the variables bound to Keras models
    family: str | None = None  # the layer family a matrix program exercises
    # The lowerings judged: real-world programs judge whole models (module mode); a layer-mode lowering there
    # would put the harness's per-layer view over code it was not written for (subclasses, shared calls).
    modes: tuple[str, ...] = ("layer", "module")


# The seed article's three examples (their intent, not their bugs) and a functional CNN.
HAND_WRITTEN = tuple(
    Program(stem, FIXTURES / f"{stem}.py", ("model",))
    for stem in ("seed_mlp", "seed_cnn", "seed_lstm", "functional_cnn")
)


def _matrix_program(family: matrix.Family) -> Program:
    name = matrix.program_name(family)
    return Program(name, RESULTS / "programs" / f"{name}.py", tuple(c.var for c in family.cases), family.name)


MATRIX = tuple(_matrix_program(f) for f in matrix.FAMILIES)
# The real-world fixtures, lowered wherever the engine says it can: their models are read from the engine's
# summary when the program runs (an empty `models`), and each fixture is one test.
REALWORLD = tuple(
    Program(f"realworld_{path.stem}", path, (), modes=("module",))
    for path in sorted((FIXTURES / "realworld").glob("*.py"))
)
REALWORLD_NAMES = frozenset(p.name for p in REALWORLD)
ALL = HAND_WRITTEN + MATRIX + REALWORLD
BY_NAME = {p.name: p for p in ALL}


def write_generated() -> None:
    """Writes the matrix programs where the CLI and the Keras process read them."""
    for family, program in zip(matrix.FAMILIES, MATRIX):
        program.path.parent.mkdir(parents=True, exist_ok=True)
        source = matrix.program_source(family)
        if not program.path.exists() or program.path.read_text() != source:
            program.path.write_text(source)


def model_cases() -> list[tuple[str, str]]:
    """(program, model variable) pairs: the unit the tests are parametrized over."""
    return [(p.name, var) for p in HAND_WRITTEN + MATRIX for var in p.models]
