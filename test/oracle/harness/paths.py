"""Where things are: the repository, the built CLI and server, the fixtures and the oracle's output."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CLI = ROOT / "dist" / "cli.js"
LSP_LOWER = ROOT / "test" / "oracle" / "lsp_lower.mjs"
FIXTURES = ROOT / "test" / "fixtures"
RESULTS = ROOT / "test-results" / "oracle"
