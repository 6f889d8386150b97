"""Budget (预算) identities on the corpus budgets: they hold, and a changed number is caught."""

from __future__ import annotations

import pytest

from conftest import ROOT
from kg.build import build
from kg.extract import extract
from kg.readers import read
from kg.validate import Severity, validate

BUDGETS = ROOT.parent / "shared" / "corpus" / "budgets"


@pytest.mark.parametrize("name, at_least", [
    ("shanghai-putuo-wanli-2024.pdf", 600), ("shanghai-putuo-caizhengju-2025.pdf", 120),
    ("jiangsu-jianchayuan-2019.pdf", 25)])
def test_budgets_hold_their_identities(name, at_least):
    report = validate(build(extract(read(BUDGETS / name))))
    # The identities of the tables; the prose's findings are pinned in tests/cases/*/findings.csv.
    violations = [f for f in report.findings if f.severity is Severity.violation
                  and f.category in ("table", "cross-table", "code")]
    assert violations == []
    assert report.checked >= at_least


def test_mutating_any_number_of_a_budget_in_an_identity_is_a_violation():
    from test_validate import mutation_detection

    graph = build(extract(read(BUDGETS / "shanghai-putuo-caizhengju-2025.pdf")))
    checked, every, missed = mutation_detection(graph)
    assert not missed, missed[:10]
    assert checked > every / 2
