"""The oracle's pytest wiring: `harness` importable, and the results table printed at the end."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import oracle, programs, report  # noqa: E402


def pytest_collection_finish(session) -> None:
    """Starts every program the selected tests judge, in test order, two at a time."""
    needed: list[str] = []
    for item in session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        name = params.get("program") or getattr(params.get("mutant"), "program", None)
        if name in programs.BY_NAME and name not in needed:
            needed.append(name)
    oracle.prefetch(needed)


def pytest_terminal_summary(terminalreporter) -> None:
    runs = oracle.completed_runs()
    if runs:
        terminalreporter.section("oracle: lowerings judged against Keras")
        terminalreporter.write(report.write(runs))
        terminalreporter.write(f"(written to {report.TABLE})\n")
