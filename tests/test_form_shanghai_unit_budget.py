"""The Shanghai 单位预算 form (预算单位财务收支预算总表 …): its 收支预算总表 splits the expenditure
预算数 into 合计 | 基本支出 (人员经费 | 公用经费) | 项目支出, which the department form (部门预算)
prints as one column. Four real documents of 上海市普陀区 in ../shared/corpus/budgets."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import pytest
from test_validate_budgets import checked_calculations as checked

from conftest import ROOT, extracted
from kg.graph import build
from kg.validate import Severity, validate

BUDGETS = ROOT.parent / "shared" / "corpus" / "budgets"
UNIT = ["shanghai-putuo-sifaju-unit-2026.pdf", "shanghai-putuo-zhengfuban-unit-2025.pdf",
        "shanghai-putuo-shangwuwei-unit-2025.pdf", "shanghai-putuo-fuliyuan-unit-2024.pdf"]

pytestmark = pytest.mark.skipif(not BUDGETS.exists(), reason="../shared/corpus is not beside the checkout")


@lru_cache(maxsize=None)
def budget(name: str):
    return extracted(BUDGETS / name)


def summary(name: str) -> dict[tuple[str, str], Decimal]:
    """收支预算总表 expenditure side: (line, column key) → amount."""
    facts = budget(name).facts
    side = facts[(facts["table_key"] == "budget-01") & facts["column_key"].str.startswith("R")]
    return {(item, column): amount for item, column, amount
            in zip(side["item"], side["column_key"], side["amount"])}


# 支出总计 of each document as printed on its 收支预算总表 (read off the page): 合计, 人员经费,
# 公用经费, 项目支出.
TOTALS = {
    "shanghai-putuo-sifaju-unit-2026.pdf": ("86959408.34", "20374181", "1744680", "64840547"),
    "shanghai-putuo-zhengfuban-unit-2025.pdf": ("91016775.35", "22473997.81", "2132777.54", "66410000.00"),
    "shanghai-putuo-shangwuwei-unit-2025.pdf": ("371514655.00", "18120593.00", "1710062.00", "351684000.00"),
    "shanghai-putuo-fuliyuan-unit-2024.pdf": ("12121164", "7380214", "2120950", "2620000"),
}


@pytest.mark.parametrize("name", UNIT)
def test_the_budget_summary_reads_personnel_public_and_project_columns(name):
    lines = summary(name)
    expected = dict(zip(("R1", "R3", "R4", "R5"), map(Decimal, TOTALS[name])))
    assert {column: lines[("支出总计", column)] for column in expected} == expected
    facts = budget(name).facts
    headers = set(facts[facts["table_key"] == "budget-01"]["header"])
    assert {"本年支出/预算数/合计", "本年支出/预算数/基本支出/人员经费",
            "本年支出/预算数/基本支出/公用经费", "本年支出/预算数/项目支出"} <= headers


def test_a_line_printing_only_some_columns_keeps_its_blanks_blank():
    """政府办 2025 p. 8: 社会保障和就业支出 4,213,779.28 = 人员经费 3,948,399.28 + 公用经费
    265,380.00, 项目支出 left blank: no number is placed under 项目支出, none is invented."""
    lines = summary("shanghai-putuo-zhengfuban-unit-2025.pdf")
    row = {c: a for (item, c), a in lines.items() if item == "二、社会保障和就业支出"}
    assert row == {"R1": Decimal("4213779.28"), "R3": Decimal("3948399.28"), "R4": Decimal("265380.00")}


UNIT_CALCULATIONS = {"budget-01-row", "budget-01-personnel", "budget-01-public", "budget-01-project",
                     "budget-01-03-basic", "budget-01-03-basic-class", "budget-01-03-project",
                     "budget-01-03-project-class", "budget-01-06-personnel", "budget-01-06-public"}


def test_the_unit_form_identities_are_checked_where_printed_and_only_there():
    # 司法局 2026 prints every cell of its 收支预算总表 (0.00 where nothing): all of them checked,
    # per line for each of its 4 类 and the 支出总计.
    sifaju = checked("shanghai-putuo-sifaju-unit-2026.pdf")
    assert {k: sifaju.get(k, 0) for k in UNIT_CALCULATIONS} == {
        "budget-01-row": 5, "budget-01-personnel": 1, "budget-01-public": 1, "budget-01-project": 1,
        "budget-01-03-basic": 1, "budget-01-03-basic-class": 4, "budget-01-03-project": 1,
        "budget-01-03-project-class": 4, "budget-01-06-personnel": 1, "budget-01-06-public": 1}
    # The department form prints one 预算数 column: none of them applies, none is "not checked".
    from kg.graph.calculations import calculation_instances
    from kg.graph.disclosure import disclosure_iri

    department = budget("shanghai-putuo-wanli-2024.pdf")
    instances = calculation_instances(disclosure_iri(department), department)
    assert not [i for i in instances if i.calculation.key in UNIT_CALCULATIONS]


@pytest.mark.parametrize("name", ["shanghai-putuo-zhengfuban-unit-2025.pdf",
                                  "shanghai-putuo-shangwuwei-unit-2025.pdf"])
def test_unit_budgets_that_print_no_error_hold_every_identity(name):
    report = validate(build(budget(name)))
    assert [f for f in report.findings if f.severity is not Severity.info] == []
    assert not [k for k in ("budget-01-row", "budget-01-03-basic", "budget-01-06-personnel")
                if k not in checked(name)]


def altered(name: str, column: str, item: str, amount: str):
    """The document with one printed number of its 收支预算总表 changed."""
    disclosure = budget(name)
    facts = disclosure.facts.copy()
    row = ((facts["table_key"] == "budget-01") & (facts["column_key"] == column)
           & (facts["item"] == item))
    assert row.sum() == 1
    facts.loc[row, "amount"] = Decimal(amount)
    return validate(build(replace(disclosure, facts=facts)))


def test_a_changed_personnel_cell_breaks_the_row_identity():
    """政府办 2025: 一般公共服务支出 82,096,797.42 = 人员经费 13,819,399.88 + 公用经费 1,867,397.54
    + 项目支出 66,410,000.00. One 元 more under 人员经费 is a violation of that line, of the
    column's 支出总计, and of 基本支出 = 人员经费 + 公用经费 against 支出预算总表 201 基本支出
    15,686,797.42 (reported on the summary's 人员经费: 15,686,797.42 − 1,867,397.54)."""
    report = altered("shanghai-putuo-zhengfuban-unit-2025.pdf", "R3", "一、一般公共服务支出",
                     "13819400.88")
    violations = {(f.table, f.code or f.item, f.rule): f for f in report.findings
                  if f.severity is Severity.violation}
    row = violations[("收支预算总表", "一、一般公共服务支出", "calculation.row")]
    assert (row.actual, row.expected) == (Decimal("82096797.42"), Decimal("82096798.42"))
    assert ("收支预算总表", "支出总计", "calculation.line") in violations
    basic = violations[("收支预算总表", "一、一般公共服务支出", "calculation.cross-table")]
    assert (basic.actual, basic.expected) == (Decimal("13819400.88"), Decimal("13819399.88"))


def test_a_public_expenditure_above_the_units_own_is_a_violation():
    """商务委 2025: the unit's 公用经费 1,710,062.00 equals that of 一般公共预算基本支出表 (p. 20);
    printed 1.00 元 less on p. 9, the one fund's 公用经费 exceeds the unit's."""
    report = altered("shanghai-putuo-shangwuwei-unit-2025.pdf", "R4", "支出总计", "1710061.00")
    rules = {(f.table, f.item, f.rule, f.severity) for f in report.findings}
    assert ("收支预算总表", "支出总计", "calculation.part-of-whole", Severity.violation) in rules


@pytest.mark.parametrize("name", ["shanghai-putuo-zhengfuban-unit-2025.pdf",
                                  "shanghai-putuo-shangwuwei-unit-2025.pdf"])
def test_mutating_any_number_of_a_unit_budget_in_an_identity_is_a_violation(name):
    from test_validate import mutation_detection

    found, every, missed = mutation_detection(build(budget(name)))
    assert not missed, missed[:10]
    assert found > every / 2
