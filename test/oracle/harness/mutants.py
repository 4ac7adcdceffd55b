"""Mutants: small textual mutations of real lowered code that the oracle must reject.
A check that cannot fail is no check; each rule ships at least one."""
from __future__ import annotations

import re
from dataclasses import dataclass


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

    @property
    def target_id(self) -> str:
        return f"{self.model}.{self.layer}" if self.layer else f"{self.model}.module"

    def apply(self, text: str) -> str:
        mutated, count = re.subn(self.pattern, self.replacement, text, count=1)
        if count == 0:
            raise PatternNotFound(f"mutant {self.name}: /{self.pattern}/ not found in the {self.target_id} lowering")
        return mutated


MUTANTS: tuple[Mutant, ...] = ()


def for_program(program: str) -> list[Mutant]:
    return [m for m in MUTANTS if m.program == program]
