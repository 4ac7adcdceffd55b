"""Real-world model code (issue 3, item 8): each fixture under test/fixtures/realworld/ runs under real
Keras in a fresh process, and every `model.summary()` row of every model bound to a module-level
variable (operation nodes and nested models included) is compared with `keras-lower summary --json`.

Rows the engine marks `unknown` with a reason are reported, not failed. A row it claims to know that
differs from Keras, a missing or extra row, or a crash is a failure, except for the fixtures listed in
EXPECTED_MISMATCHES, which are checked the other way round: once such a fixture matches, its test
fails until it is taken off the list. The list can only shrink.

The table (fixture -> rows matched / unknown / mismatched) is printed at the end of the run and
written to test-results/realworld-table.txt; every mismatch and unknown reason is in
test-results/realworld-details.md.
"""
from __future__ import annotations

import pytest

from harness import realworld

# fixture -> why the engine does not match Keras on it yet. Only ever remove entries.
EXPECTED_MISMATCHES: dict[str, str] = {}

MIN_FIXTURES = 40
MAX_BUILD_SECONDS = 3.0  # CPU seconds; fixtures are meant to build their models in well under one

FIXTURES = realworld.fixtures()
NAMES = [path.stem for path in FIXTURES]


class _TablePrinter:
    """Prints the table in pytest's terminal summary, after the tests, whatever the capture mode."""

    def __init__(self, text: str) -> None:
        self.text = text

    def pytest_terminal_summary(self, terminalreporter) -> None:
        terminalreporter.section("real-world fixtures vs Keras")
        terminalreporter.write(self.text)
        terminalreporter.write(f"(written to {realworld.TABLE} and {realworld.DETAILS})\n")


@pytest.fixture(scope="session")
def results(request) -> dict[str, realworld.FixtureResult]:
    # Judge only the fixtures this session selected, all at once (PARALLEL fresh processes at a time).
    selected = {
        item.callspec.params["fixture_name"]
        for item in request.session.items
        if getattr(item, "callspec", None) is not None and "fixture_name" in item.callspec.params
    }
    paths = [path for path in FIXTURES if path.stem in selected]
    judged = realworld.judge_all(paths)
    text = realworld.write_reports(judged, {k: v for k, v in EXPECTED_MISMATCHES.items() if k in judged})
    request.config.pluginmanager.register(_TablePrinter(text), "realworld-table")
    return judged


def test_there_are_enough_fixtures() -> None:
    assert len(FIXTURES) >= MIN_FIXTURES, f"{len(FIXTURES)} fixtures in {realworld.FIXTURE_DIR}"


def test_expected_mismatches_name_fixtures_with_reasons() -> None:
    unknown = sorted(set(EXPECTED_MISMATCHES) - set(NAMES))
    assert not unknown, f"EXPECTED_MISMATCHES lists fixtures that do not exist: {unknown}"
    assert all(reason.strip() for reason in EXPECTED_MISMATCHES.values())


@pytest.mark.parametrize("fixture_name", NAMES)
def test_fixture_matches_keras(fixture_name: str, results: dict[str, realworld.FixtureResult]) -> None:
    result = results[fixture_name]
    assert result.keras_error is None, f"the fixture does not run under Keras:\n{result.keras_error}"
    assert result.keras_models, "the fixture binds no keras.Model to a module-level variable"
    assert not result.harness_problems, result.harness_problems
    assert result.build_seconds is not None and result.build_seconds < MAX_BUILD_SECONDS, (
        f"the fixture took {result.build_seconds:.2f} CPU seconds to build its models; keep fixtures small"
    )
    mismatches = "\n".join(f"  {f.model} / {f.row}: {f.detail}" for f in result.mismatches)
    if fixture_name in EXPECTED_MISMATCHES:
        assert result.mismatches, (
            f"{fixture_name} now matches Keras: take it off EXPECTED_MISMATCHES "
            f"(was: {EXPECTED_MISMATCHES[fixture_name]})"
        )
    else:
        assert not result.mismatches, f"the engine differs from Keras:\n{mismatches}"
