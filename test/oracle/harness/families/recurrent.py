"""Recurrent layers: units, sequence lengths, return_sequences."""
from ..spec import Family, Mutant, cases

LSTM = Family(
    "LSTM",
    "from tensorflow import keras\nfrom tensorflow.keras.layers import LSTM\n",
    "functional", "keras.Model", "keras.Input",
    cases("lstm", "LSTM({})", [
        ("6", (7, 3)),
        ("6, return_sequences=True", (7, 3)),
        ("1", (5, 4)),
        ("1, return_sequences=True", (5, 4)),
        ("4", (1, 5)),
        ("units=8, return_sequences=True", (1, 2)),
    ]),
)

FAMILIES = (LSTM,)

MUTANTS = (
    Mutant("lstm_last_step_of_reversed", "LSTM", "matrix_lstm", "lstm_0", "lstm",
           r"else hs\[-1\]", "else hs[0]", "returns the first step's state instead of the last"),
)
