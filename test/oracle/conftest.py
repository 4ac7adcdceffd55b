"""The oracle's pytest wiring: `harness` importable, and the results table printed at the end."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import oracle, report  # noqa: E402


def pytest_terminal_summary(terminalreporter) -> None:
    runs = oracle.completed_runs()
    if runs:
        terminalreporter.section("oracle: lowerings judged against Keras")
        terminalreporter.write(report.write(runs))
        terminalreporter.write(f"(written to {report.TABLE})\n")
