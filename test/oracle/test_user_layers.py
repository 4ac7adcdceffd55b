"""User-written layers and models, and keras.ops, lowered and compared with Keras number for number
(harness/user_layers.py): every fixture in test/fixtures/user_layers, a per-op matrix covering every op in the
ops table, mutants the oracle must reject, and the table's signatures against keras.ops."""
from __future__ import annotations

import inspect
from collections import defaultdict

import pytest

from harness import user_layers, user_layers_cases

FIXTURES = [item.id for item in user_layers.fixture_items()]
OP_CASES = [f"op_{index:03d}_{case.op}" for index, case in enumerate(user_layers_cases.CASES)]
MUTANTS = [f"mutant_{index}" for index in range(len(user_layers_cases.MUTANTS))]


@pytest.fixture(scope="module")
def results() -> dict:
    items = {item.id: item for item in user_layers.run_all()}
    table = defaultdict(lambda: {"cases": 0, "ok": 0, "abs": 0.0, "rel": 0.0})
    for item in items.values():
        if item.mutant_of:
            continue
        row = table[item.id.split("_", 2)[2] if item.id.startswith("op_") else f"fixture {item.id}"]
        row["cases"] += 1
        row["ok"] += bool(item.verdict.get("ok"))
        row["abs"] = max(row["abs"], item.verdict.get("abs") or 0.0)
        row["rel"] = max(row["rel"], item.verdict.get("rel") or 0.0)
    lines = [f"{'op / fixture':36} {'cases':>5} {'pass':>5} {'worst abs':>10} {'worst rel':>10}"]
    lines += [f"{key:36} {r['cases']:>5} {r['ok']:>5} {r['abs']:>10.2e} {r['rel']:>10.2e}" for key, r in sorted(table.items())]
    caught = sum(not items[m].verdict.get("ok") for m in MUTANTS)
    lines.append(f"mutants rejected: {caught}/{len(MUTANTS)}")
    (user_layers.WORK / "table.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return items


def test_enough_fixtures() -> None:
    assert len(FIXTURES) >= 12


@pytest.mark.parametrize("name", FIXTURES)
def test_fixture_matches_keras(results: dict, name: str) -> None:
    verdict = results[name].verdict
    assert verdict["ok"], verdict["problem"]


@pytest.mark.parametrize("name", OP_CASES)
def test_op_case_matches_keras(results: dict, name: str) -> None:
    verdict = results[name].verdict
    assert verdict["ok"], f"{user_layers_cases.CASES[int(name[3:6])].expr}: {verdict['problem']}"


@pytest.mark.parametrize("name", MUTANTS)
def test_mutant_is_rejected(results: dict, name: str) -> None:
    item = results[name]
    mutant = next(m for m in user_layers_cases.MUTANTS if m.name == item.mutant_of)
    assert not str(item.verdict.get("problem", "")).startswith("engine: mutant regex"), item.verdict["problem"]
    assert not item.verdict["ok"], f"mutant `{mutant.name}` passed: {mutant.why}"


def test_every_op_has_a_case() -> None:
    covered = {case.op for case in user_layers_cases.CASES}
    missing = [row["name"] for row in user_layers.ops_table() if row["name"] not in covered]
    assert not missing, f"ops without a matrix case: {missing}"


def test_ops_table_matches_keras_signatures() -> None:
    import keras

    problems = []
    for row in user_layers.ops_table():
        fn = getattr(keras.ops, row["name"])
        keras_params = [
            ("*" + p.name if p.kind is p.VAR_POSITIONAL else p.name if p.default is p.empty else f"{p.name}={p.default!r}")
            for p in inspect.signature(fn).parameters.values()
            if p.kind is not p.VAR_KEYWORD
        ]
        ours = [part.strip() for part in row["params"].split(",")]
        normalized = [p.replace("'", '"') for p in keras_params]
        if [p.replace("'", '"') for p in ours] != normalized:
            problems.append(f"{row['name']}: ours ({', '.join(ours)}) != Keras ({', '.join(keras_params)})")
    assert not problems, "\n".join(problems)
