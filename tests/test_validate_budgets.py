"""Budget (预算) identities on the corpus budgets: they hold, and a changed number is caught."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import pytest

from conftest import ROOT, extracted
from kg.graph import build
from kg.validate import Severity, validate

BUDGETS = ROOT.parent / "shared" / "corpus" / "budgets"


@lru_cache(maxsize=None)
def budget(name: str):
    return extracted(BUDGETS / name)




@pytest.mark.parametrize("name, at_least", [
    ("shanghai-putuo-wanli-2024.pdf", 600), ("shanghai-putuo-caizhengju-2025.pdf", 120),
    ("jiangsu-jianchayuan-2019.pdf", 25)])
def test_budgets_hold_their_identities(name, at_least):
    report = validate(build(budget(name)))
    # The identities of the tables; the prose's findings are pinned in tests/cases/*/findings.csv.
    violations = [f for f in report.findings if f.severity is Severity.violation
                  and f.category in ("table", "cross-table", "code")]
    assert violations == []
    assert report.checked >= at_least


def checked_calculations(name: str) -> dict[str, int]:
    """Checked calculation instances of a budget by calculation (gkc: local name)."""
    from kg.graph.calculations import calculation_instances
    from kg.graph.disclosure import disclosure_iri

    disclosure = budget(name)
    found: dict[str, int] = {}
    for instance in calculation_instances(disclosure_iri(disclosure), disclosure):
        if not instance.missing:
            found[instance.calculation.key] = found.get(instance.calculation.key, 0) + 1
    return found


@pytest.mark.parametrize("name, expected", [
    # Shanghai form: per-类 lines in both summary tables, 合计/基本/项目 columns; 9 类 printed.
    ("shanghai-putuo-wanli-2024.pdf", {
        "budget-01-02-income": 1, "budget-01-02-appropriation": 1, "budget-01-03-expenditure": 1,
        "budget-01-03-class": 9, "budget-01-04-general": 1, "budget-04-05-total": 1,
        "budget-04-05-class": 9, "budget-05-06-basic": 1, "budget-05-06-personnel-public": 1,
        "budget-03-05-total": 1, "budget-03-05-basic": 1, "budget-03-05-project": 1,
        "budget-03-05-class": 9, "budget-06-09-reception-c1": 1,
        "budget-06-09-vehicle-operation-c1": 1, "budget-06-09-abroad-c1": 1,
        "budget-06-09-vehicle-purchase-c1": 1}),
    ("shanghai-putuo-caizhengju-2025.pdf", {
        "budget-01-02-income": 1, "budget-01-02-appropriation": 1, "budget-01-03-expenditure": 1,
        "budget-01-03-class": 4, "budget-01-04-general": 1, "budget-04-05-total": 1,
        "budget-04-05-class": 4, "budget-05-06-basic": 1, "budget-05-06-personnel-public": 1,
        "budget-03-05-total": 1, "budget-03-05-basic": 1, "budget-03-05-project": 1,
        "budget-03-05-class": 4, "budget-06-09-reception-c1": 1}),
    # Jiangsu form: one 预算数 column, 支出用途 lines, 财政拨款 tables 10/11, 会议费/培训费.
    ("jiangsu-jianchayuan-2019.pdf", {
        "budget-02-01-income-line": 1, "budget-01-04-general": 1, "budget-04-10-total": 1,
        "budget-10-05-total": 1, "budget-10-05-class": 3, "budget-11-06-total": 1,
        "budget-06-09-reception-c4": 1, "budget-06-09-vehicle-operation-c4": 1,
        "budget-06-09-abroad-c4": 1, "budget-06-09-meetings-c4": 1,
        "budget-06-09-training-c4": 1}),
])
def test_budget_cross_table_identities_are_checked(name, expected):
    """Each cross-table rule that the document's form prints is checked (and, above, holds)."""
    found = checked_calculations(name)
    # Calculations across two tables are named budget-NN-MM-…, after the two table numbers.
    across = {key: n for key, n in found.items() if re.match(r"budget-(\d\d)-(?!\1)\d\d-", key)}
    assert across == expected


def test_jiangsu_budget_01_class_lines_are_not_checked_against_a_table_without_codes():
    """Jiangsu's 支出预算总表 prints one line (合计/基本/项目/预留) and no 类 rows: its 类 are not
    0, so 收支预算总表 公共安全支出 etc. are listed as not checked, never as a violation."""
    report = validate(build(budget("jiangsu-jianchayuan-2019.pdf")))
    not_checked = {n.calculation.rsplit("/calc/", 1)[-1] for n in report.not_checked}
    assert {"budget-01-03-class/204", "budget-01-03-class/208",
            "budget-01-03-class/221"} <= not_checked


def altered(name: str, table: str, column: str, code_or_item: str, amount: str):
    """A budget whose one printed number (by table, column and code or item) is changed."""
    disclosure = budget(name)
    facts = disclosure.facts.copy()
    row = ((facts["table_key"] == table) & (facts["column_key"] == column)
           & ((facts["code"] == code_or_item) | (facts["item"] == code_or_item)))
    assert row.sum() == 1
    facts.loc[row, "amount"] = Decimal(amount)
    return validate(build(replace(disclosure, facts=facts)))


def test_three_public_budget_in_wanyuan_is_compared_with_basic_expenditure_in_yuan():
    """万里 2024: “三公” 公务接待费 1.35 万元 vs 基本支出 30217 公务接待费 13,500 元. At 1.30 万元 it
    no longer covers the 13,500 元 paid from basic expenditure (0.05 万元 short: a violation)."""
    report = altered("shanghai-putuo-wanli-2024.pdf", "budget-09", "c7", "公务接待费", "1.30")
    (finding,) = [f for f in report.findings if f.rule == "calculation.part-of-whole"]
    assert finding.severity is Severity.violation
    assert (finding.actual, finding.expected) == (Decimal("1.30"), Decimal("1.3500"))
    assert finding.table == "“三公”经费支出表"


def test_a_changed_class_line_of_the_budget_summary_breaks_the_cross_table_identity():
    """财政局 2025: 收支预算总表 社会保障和就业支出 3,508,644.00 must be 支出预算总表 208."""
    report = altered("shanghai-putuo-caizhengju-2025.pdf", "budget-01", "R1", "二、社会保障和就业支出",
                     "3508645.00")
    rules = {(f.table, f.rule, f.severity) for f in report.findings}
    assert ("收支预算总表", "calculation.cross-table", Severity.violation) in rules


@pytest.mark.parametrize("name", ["shanghai-putuo-wanli-2024.pdf",
                                  "shanghai-putuo-caizhengju-2025.pdf",
                                  "jiangsu-jianchayuan-2019.pdf"])
def test_mutating_any_number_of_a_budget_in_an_identity_is_a_violation(name):
    from test_validate import mutation_detection

    checked, every, missed = mutation_detection(build(budget(name)))
    assert not missed, missed[:10]
    assert checked > every / 2


# ---------------------------------------------------------------- the rounding envelope of 元 tables

def calculation_findings(report, table: str, code_or_item: str) -> list:
    return [f for f in report.findings if f.rule.startswith("calculation.") and f.table == table
            and (f.code or f.item) == code_or_item]


def test_one_yuan_on_a_table_printed_in_whole_yuan_is_a_rounding_difference():
    """万里 2025 prints its 元 tables in whole 元: 21201 城乡社区管理事务 94,995,790 over 项 summing
    to 94,995,789, in three tables alike. Each printed cell stands for ±0.5 元, so 1 元 over four
    项 and the total is a 尾差 (envelope 2.5); 3 元 more is not."""
    report = validate(build(budget("shanghai-putuo-wanli-2025.pdf")))
    found = calculation_findings(report, "支出预算总表", "21201")
    tree = next(f for f in found if f.rule == "calculation.code-tree")
    assert (tree.severity, tree.actual, tree.expected, tree.envelope) == (
        Severity.info, Decimal("94995790"), Decimal("94995789"), Decimal("2.5"))
    broken = altered("shanghai-putuo-wanli-2025.pdf", "budget-03", "c1", "21201", "94995793")
    assert any(f.severity is Severity.violation and f.rule == "calculation.code-tree"
               for f in calculation_findings(broken, "支出预算总表", "21201"))


def test_a_yuan_cell_printed_without_its_fen_is_rounded_to_the_yuan():
    """司法局 2026 (p. 8) prints 公共安全支出 人员经费 12,604,173 beside 2,925,857.00: that cell is
    rounded to the 元 (14,348,853.34 − 1,744,680 = 12,604,173.34), a 尾差 within ±0.5; its
    neighbours printed to the 分 keep ±0.005 each."""
    report = validate(build(budget("shanghai-putuo-sifaju-unit-2026.pdf")))
    row = next(f for f in calculation_findings(report, "收支预算总表", "一、公共安全支出")
               if f.rule == "calculation.row")
    assert (row.severity, row.actual, row.expected) == (
        Severity.info, Decimal("79189400.34"), Decimal("79189400"))
    assert row.envelope == Decimal("1.505")  # 0.005 (79,189,400.34) + 0.5 × 3 whole-元 parts


def test_a_wanyuan_table_that_drops_trailing_zeros_keeps_its_hundredths():
    """Jiangsu drops a 万元 amount's trailing zeros: 3990.4 beside 15844.04 (检察院 2019
    支出预算总表), 80 and 1276.7 beside 101.26 (its “三公” table). Those cells are read to
    0.01 万元 as their tables print, so no calculation is given a wider envelope."""
    from kg.graph import disclosure_iri
    from kg.graph.calculations import calculation_instances

    disclosure = budget("jiangsu-jianchayuan-2019.pdf")
    facts = disclosure.facts
    assert "3990.4" in {str(a) for a in facts[facts["table_key"] == "budget-03"]["amount"]}
    assert {"80", "1276.7"} <= {str(a) for a in facts[facts["table_key"] == "budget-09"]["amount"]}
    instances = calculation_instances(disclosure_iri(disclosure), disclosure)
    assert instances and all(i.envelope is None for i in instances)
