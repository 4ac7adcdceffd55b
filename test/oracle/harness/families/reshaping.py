"""Reshaping: Flatten over ranks 1 to 4."""
from ..spec import Family, cases

FLATTEN = Family(
    "Flatten",
    "import keras\n",
    "sequential", "keras.Sequential", "keras.Input",
    cases("flatten", "keras.layers.Flatten({})", [
        ("", (4,)),
        ("", (3, 4)),
        ("", (2, 3, 4)),
        ("", (2, 3, 4, 5)),
    ]),
)

FAMILIES = (FLATTEN,)
MUTANTS = ()
