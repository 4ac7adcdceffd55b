"""`keras-lower verify` on every real-program fixture (test/fixtures/programs, test/fixtures/realworld and the
notebooks in test/fixtures/notebooks, verified as the .ipynb itself), offline:
at least as many models verify equal to Keras, per folder and mode, as on the day this floor was measured. The
table (harness/verify_fixtures.py) lists every model with why it is not equal; raise a floor when it grows."""
from harness import verify_fixtures

# Models verified equal (layer mode, module mode) of (models), measured 2026-12-04.
FLOORS = {"programs": (36, 27, 51), "realworld": (59, 43, 69), "notebooks": (11, 10, 12)}


def test_verify_equal_floor_per_folder_and_mode() -> None:
    results = [result for path in verify_fixtures.fixture_files() for result in verify_fixtures.verify_file(path)]
    text = verify_fixtures.table(results)
    verify_fixtures.RESULTS.mkdir(parents=True, exist_ok=True)
    verify_fixtures.TABLE.write_text(text)
    for folder, (layer, module, total) in FLOORS.items():
        mine = [result for result in results if result.folder == folder]
        measured = (sum(r.layer for r in mine), sum(r.module for r in mine), len(mine))
        assert measured[2] >= total, f"{folder}: {measured[2]} models, expected {total}\n{text}"
        assert measured[0] >= layer and measured[1] >= module, (
            f"{folder}: layer mode {measured[0]}/{measured[2]} (floor {layer}), module mode "
            f"{measured[1]}/{measured[2]} (floor {module})\n{text}")
