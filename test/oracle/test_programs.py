"""Whole programs (issue 11, item 8): each program under test/fixtures/programs/ runs WHOLE under real Keras in
a fresh process (data loading, preprocessing, fit cut to one step, evaluate, save/load, plotting stubbed) with
synthetic data of the documented shapes, and every keras.Model it binds at module level, rebound ones included,
is compared row by row with `keras-lower summary --json` (harness/programs_judge.py says how bindings are
matched to the engine's models).

Rows the engine marks `unknown` with a reason, and models it does not report, are reported, not failed. A row it
claims to know that differs from Keras, a missing or extra row or model, or a crash is a failure, except for the
programs in EXPECTED_MISMATCHES, which are checked the other way round: once such a program matches, its test
fails until it is taken off the list. The list can only shrink.

The table, with issue 11's figure (models whose summary equals Keras across realworld/ + programs/), is printed
at the end of the session and written to test-results/programs-table.txt; every mismatch and unknown reason is
in test-results/programs-details.md.
"""
from __future__ import annotations

import time

import pytest

from harness import programs_judge, programs_report

# program -> why the engine does not match Keras on it yet. Only ever remove entries.
EXPECTED_MISMATCHES: dict[str, str] = {
    "text_classification_from_scratch_full": "calls of the TextVectorization inside tf.data maps counted as "
    "Keras nodes: connected to text_vectorization[3][0], Keras [0][0]",
}

MIN_PROGRAMS = 22
MAX_CPU_SECONDS = 30.0  # CPU seconds to run the whole program on its synthetic data

PROGRAMS = programs_judge.fixtures()
NAMES = [path.stem for path in PROGRAMS]


class _TablePrinter:
    """Writes and prints the table at the end of the session, when test_realworld.py's results exist too."""

    def __init__(self, results, expected, since: float) -> None:
        self.results, self.expected, self.since = results, expected, since

    def pytest_terminal_summary(self, terminalreporter) -> None:
        text = programs_report.write(self.results, self.expected, self.since)
        terminalreporter.section("whole programs vs Keras")
        terminalreporter.write(text)
        terminalreporter.write(f"(written to {programs_report.TABLE} and {programs_report.DETAILS})\n")


@pytest.fixture(scope="session")
def results(request) -> dict[str, programs_judge.FixtureResult]:
    since = time.time()
    selected = {
        item.callspec.params["program_name"]
        for item in request.session.items
        if getattr(item, "callspec", None) is not None and "program_name" in item.callspec.params
    }
    judged = programs_judge.judge_all([path for path in PROGRAMS if path.stem in selected])
    expected = {k: v for k, v in EXPECTED_MISMATCHES.items() if k in judged}
    programs_report.write(judged, expected, since)
    request.config.pluginmanager.register(_TablePrinter(judged, expected, since), "programs-table")
    return judged


def test_there_are_enough_programs() -> None:
    assert len(PROGRAMS) >= MIN_PROGRAMS, f"{len(PROGRAMS)} programs in {programs_judge.FIXTURE_DIR}"


def test_every_program_names_the_example_it_is_modelled_on() -> None:
    missing = [p.name for p in PROGRAMS if not p.read_text().startswith('"""Modelled on ')]
    assert not missing, f"programs whose docstring does not start with 'Modelled on <example>': {missing}"


def test_expected_mismatches_name_programs_with_reasons() -> None:
    unknown = sorted(set(EXPECTED_MISMATCHES) - set(NAMES))
    assert not unknown, f"EXPECTED_MISMATCHES lists programs that do not exist: {unknown}"
    assert all(reason.strip() for reason in EXPECTED_MISMATCHES.values())


@pytest.mark.parametrize("program_name", NAMES)
def test_program_matches_keras(program_name: str, results: dict[str, programs_judge.FixtureResult]) -> None:
    result = results[program_name]
    assert result.keras_error is None, f"the program does not run under Keras:\n{result.keras_error}"
    assert result.keras_models, "the program binds no keras.Model to a module-level variable"
    assert not result.harness_problems, result.harness_problems
    assert result.build_seconds is not None and result.build_seconds < MAX_CPU_SECONDS, (
        f"the program took {result.build_seconds:.1f} CPU seconds; keep its synthetic run small"
    )
    mismatches = "\n".join(f"  {f.model} / {f.row}: {f.detail}" for f in result.mismatches)
    if program_name in EXPECTED_MISMATCHES:
        assert result.mismatches, (
            f"{program_name} now matches Keras: take it off EXPECTED_MISMATCHES "
            f"(was: {EXPECTED_MISMATCHES[program_name]})"
        )
    else:
        assert not result.mismatches, f"the engine differs from Keras:\n{mismatches}"
