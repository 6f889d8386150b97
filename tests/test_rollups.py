"""How good is the reading? A misread number almost always breaks a sum. For every corpus document
with numbers, every code-tree roll-up (类 = Σ款, 款 = Σ项, per column) and every 合计 row (= Σ类)
must hold within the rounding envelope of DESIGN.md: |total − Σ parts| ≤ ½ unit × (n + 1), the unit
being the printed precision. (Every corpus document holds: the 0.01–0.02 differences of the Shanghai
2024 决算 are inside the envelope, i.e. 尾差.)"""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from conftest import case_dirs, extracted, load_case

CASES = [c for c in map(load_case, case_dirs()) if c["dir"].name != "template-shanghai-2024"]


def parent(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def unit(amounts) -> Decimal:
    decimals = min(max(0, -a.as_tuple().exponent) for a in amounts)
    return Decimal(1).scaleb(-decimals)


def rollups(facts):
    """(table, total row, measure, total, parts) for every code parent and every 合计 row."""
    for (table, measure), group in facts.groupby(["table", "measure_label"]):
        coded = group[group.code != ""]
        if coded.empty:
            continue
        by_code = dict(zip(coded.code, coded.amount))
        for code, amount in by_code.items():
            children = [a for c, a in by_code.items() if parent(c) == code]
            if children:
                yield table, code, measure, amount, children
        classes = [a for c, a in by_code.items() if len(c) == 3]
        for total in group[(group.code == "") & (group["item"] == "合计")].amount:
            if classes:
                yield table, "合计", measure, total, classes


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["dir"].name)
def test_roll_ups_hold(case, record_property):
    facts = extracted(case["path"]).facts
    if facts.empty:
        pytest.skip("the document prints no table numbers: nothing to check (not a pass)")
    checked, broken = 0, []
    for table, row, measure, total, parts in rollups(facts):
        checked += 1
        envelope = unit([total, *parts]) / 2 * (len(parts) + 1)
        if abs(total - sum(parts)) > envelope:
            broken.append((table, row, measure, str(total), str(sum(parts))))
    share = 1 - len(broken) / checked if checked else 1.0
    record_property("roll_ups", f"{checked} checked, {share:.1%} hold")
    print(f"{case['dir'].name}: {checked} roll-ups, {share:.1%} hold")
    # A roll-up that the page really misprints is pinned, with its reason, as a code-tree
    # violation in the case's findings.csv; any other broken roll-up is a misread.
    assert [b for b in broken if b[:3] not in misprinted_roll_ups(case)] == []


def misprinted_roll_ups(case) -> set[tuple[str, str, str]]:
    path = case["dir"] / "findings.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8") as handle:
        return {(r["table"], r["row"], r["measure"]) for r in csv.DictReader(handle)
                if r["rule"] == "calculation.code-tree" and r["severity"] == "violation"}
