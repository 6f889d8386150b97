"""The Jiangsu provincial 2017 budget form (省级部门预算, 2017): 江苏省人民检察院, 江苏省人大常委会办公厅
and 江苏省政协办公厅 (tables published apart from the 文件).

What the form prints that others do not: titles after list numbering (一、收支预算总表, like the table
of contents right before them); a title wrapped over lines or printed last on its page; the 收支预算总表
over several pages with labels cut by the page break and a last page drawn with fewer columns; a
收入预算总表 whose 项目名称 spans a blank column; a 政府采购预算表 whose second page repeats title and
header. Every number asserted here was read off the rendered page.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import lru_cache

import pytest

from conftest import ROOT, extracted
from kg.readers.document import Document, Grid, Line, Page

BUDGETS = ROOT.parent / "shared" / "corpus" / "budgets"
JIANCHAYUAN = BUDGETS / "jiangsu-jianchayuan-2017.pdf"
RENDA = BUDGETS / "jiangsu-renda-2017.pdf"
ZHENGXIE_TABLES = BUDGETS / "jiangsu-zhengxie-2017-tables.pdf"

pytestmark = pytest.mark.skipif(not BUDGETS.exists(), reason="../shared/corpus is not beside the checkout")


@lru_cache(maxsize=None)
def disclosure(path):

    return extracted(path)


@lru_cache(maxsize=None)
def regions(path):
    from kg.readers import read
    from kg.recognize import recognize

    return tuple(recognize(read(path)))


def amounts(path, table: str) -> dict[tuple[str, str], Decimal]:
    """(label or code, the column's printed header) → amount, for one table."""
    facts = disclosure(path).facts
    rows = facts[facts["table"] == table]
    return {(r.code or r.item, r.header): r.amount for r in rows.itertuples()}


# ---------------------------------------------------------------- 收支预算总表

def test_summary_income_and_expenditure_totals_are_read_under_their_own_side():
    """检察院 p. 10: 收入 | 金额 on the left, 功能分类 | 金额 and 支出用途 | 金额 on the right."""
    got = amounts(JIANCHAYUAN, "收支预算总表")
    assert got[("收入合计", "收入/金额")] == Decimal("17996.68")
    assert got[("支出合计", "支出/支出用途/金额")] == Decimal("17996.68")
    assert got[("当年收入小计", "收入/金额")] == Decimal("17996.68")
    assert got[("三、其他资金", "收入/金额")] == Decimal("15.00")
    assert got[("四、公共安全支出", "支出/功能分类/金额")] == Decimal("13656.34")
    assert got[("三、单位预留机动经费", "支出/支出用途/金额")] == Decimal("140.20")
    # 功能分类 and 支出用途 each add up to the total (read by hand: 13656.34 + 2021.18 + 2319.16).
    by_column: dict[str, Decimal] = {}
    for (item, header), amount in got.items():
        if not item.startswith(("当年", "收入合计", "支出合计")):
            by_column[header] = by_column.get(header, Decimal(0)) + amount
    assert by_column == {"收入/金额": Decimal("17981.68") * 2 + Decimal("15.00"),
                         "支出/功能分类/金额": Decimal("17996.68"),
                         "支出/支出用途/金额": Decimal("17996.68")}


def test_numbered_titles_are_tables_and_the_contents_entries_are_not():
    """一、收支预算总表 (p. 10) … 十二、政府采购支出预算表: each numbered title followed by its 部门/单位
    line is its table; the same titles in the 目录 (p. 2) are not. 四、财政拨款收支预算总表 is the
    财政拨款收支预算总表, never the 收支预算总表 with a prefix 四、财政拨款."""
    found = {(r.definition.name, r.pages) for r in regions(JIANCHAYUAN)}
    assert found == {
        ("收支预算总表", (10, 10)), ("收入预算总表", (11, 11)), ("支出预算总表", (11, 11)),
        ("财政拨款收支预算总表", (11, 12)), ("财政拨款支出预算表", (12, 12)),
        ("财政拨款基本支出预算表", (12, 13)), ("政府性基金预算支出表", (13, 13)),
        ("一般公共预算支出表", (14, 14)), ("一般公共预算基本支出表", (14, 15)),
        ("机关运行经费预算表", (15, 16)), ("“三公”经费支出表", (16, 16)),
        ("政府采购预算表", (16, 18))}


def test_a_summary_over_three_pages_reads_labels_cut_by_the_page_breaks():
    """人大 pp. 7-9: 八、社会保障和就 | 1,608.51 at the foot of p. 7, 业支出 at the top of p. 8;
    当 年 收 入 | 13,649.07 at the foot of p. 8, 小计 at the top of p. 9. P. 9 draws 支出合计 as one
    cell over three of p. 7's columns: its 13,649.07 is the 支出用途 amount."""
    got = amounts(RENDA, "收支预算总表")
    assert got[("八、社会保障和就业支出", "支出/功能分类/金额")] == Decimal("1608.51")
    assert got[("当年收入小计", "收入/金额")] == Decimal("13649.07")
    assert got[("支出合计", "支出/支出用途/金额")] == Decimal("13649.07")
    assert got[("收入合计", "收入/金额")] == Decimal("13649.07")
    assert len(got) == 12
    table = next(t for t in disclosure(RENDA).tables if t.name == "收支预算总表")
    # The cut-off parts are not rows of their own.
    assert not {"业支出", "小计"} & set(table.blank_rows)


def test_the_summary_class_lines_are_matched_to_their_codes_after_the_page_break():
    """八、社会保障和就业支出 (joined over the page break) is 类 208 of 一般公共预算支出表: the
    appropriation identities that iterate over 类 find it, and every identity holds."""
    from kg.graph import build
    from kg.validate import Severity, validate

    report = validate(build(disclosure(RENDA)))
    tables = [f for f in report.findings if f.category in ("table", "cross-table", "code")
              and f.severity is not Severity.info]
    assert tables == []
    assert report.checked >= 40


# ---------------------------------------------------------------- other tables of the form

def test_a_title_wrapped_over_three_lines_is_the_three_public_table():
    """检察院 p. 16 prints 十一、一般公共预算“三公”经费、会议费、培训费支出预 / 算表 (the quotes a line
    of their own): one table, 9 numbers; 584.35 = 110.00 + 317.80 + 156.55, 1452.35 = 584.35 +
    168.00 + 700.00."""
    got = {item: amount for (item, _), amount in amounts(JIANCHAYUAN, "“三公”经费支出表").items()}
    assert got == {"合计": Decimal("1452.35"), "“三公”经费": Decimal("584.35"),
                   "因公出国（境）费": Decimal("110.00"), "公务用车购置及运行维护费": Decimal("317.80"),
                   "公务用车购置费": Decimal("50.00"), "公务用车运行维护费": Decimal("267.80"),
                   "公务接待费": Decimal("156.55"), "会议费": Decimal("168.00"), "培训费": Decimal("700.00")}
    table = next(t for t in disclosure(JIANCHAYUAN).tables if t.name == "“三公”经费支出表")
    assert table.printed_title.startswith("十一、一般公共预算") and table.printed_title.endswith("算表")


def test_a_title_printed_last_on_its_page_finds_its_table_on_the_next():
    """人大 p. 18 ends with the title 一般公共预算机关运行经费支出预算表; its 部门 line and grid are
    on p. 19 (合计 5,619.31 = 302 5,560.31 + 310 59.00)."""
    got = amounts(RENDA, "机关运行经费预算表")
    assert got[("合计", "机关运行经费支出")] == Decimal("5619.31")
    assert got[("302", "机关运行经费支出")] == Decimal("5560.31")
    assert got[("310", "机关运行经费支出")] == Decimal("59.00")
    assert len(got) == 16


def test_income_table_group_labels_span_a_blank_column():
    """检察院 p. 11: 项目名称 spans the group column and a blank one; 小计 is read with its group."""
    got = {item: amount for (item, _), amount in amounts(JIANCHAYUAN, "收入预算总表").items()}
    assert got == {"收入总计": Decimal("17996.68"), "一般公共预算资金|小计": Decimal("17981.68"),
                   "一般公共预算资金|公共财政拨款(补助)资金": Decimal("17981.68"),
                   "其他资金|小计": Decimal("15.00"), "其他资金|其他收入": Decimal("15.00")}


def test_procurement_table_continued_under_a_repeated_title_is_one_table():
    """政协 tables pp. 12-13: p. 13 prints 2017年政府采购预算表 and the header again, but no 表十二
    and no 合计: it goes on with 三、服务C's rows (1,011.90 = 62.20 on p. 12 + 714.80 + 74.40 +
    160.50 on p. 13)."""
    from kg.extract.rows import read_rows

    procurement = [r for r in regions(ZHENGXIE_TABLES) if r.definition.name == "政府采购预算表"]
    assert len(procurement) == 1
    (region,) = procurement
    assert region.pages == (12, 13)
    cells = read_rows(region, ZHENGXIE_TABLES).cells
    assert len(cells) == 40 and sum(c.line.page == 13 for c in cells) == 15
    # 三、服务C and the 专项 rows under it: the last one of p. 12, the three of p. 13.
    start = next(i for i, c in enumerate(cells) if c.item == "三、服务C")
    projects = [c for c in cells[start + 1:] if not c.item.endswith("|分散自行组织")]
    assert [(c.line.page, c.item, c.amount) for c in projects] == [
        (12, "商品和服务支出|会议费", Decimal("62.20")), (13, "省政协全委会|会议费", Decimal("714.80")),
        (13, "省政协委员培训费|培训费", Decimal("74.40")), (13, "省政协常委会|会议费", Decimal("160.50"))]
    assert cells[start].amount == sum(c.amount for c in projects) == Decimal("1011.90")


# ---------------------------------------------------------------- broken copies

def altered(path, table: str, column: str, item: str, amount: str):
    from kg.graph import build
    from kg.validate import validate

    original = disclosure(path)
    facts = original.facts.copy()
    row = (facts["table_key"] == table) & (facts["column_key"] == column) & (facts["item"] == item)
    assert row.sum() == 1
    facts.loc[row, "amount"] = Decimal(amount)
    return validate(build(replace(original, facts=facts)))


def test_a_changed_expenditure_total_of_the_summary_is_a_violation():
    """收入合计 17,996.68 = 支出合计 (支出用途 column): printed 17,997.68, the 收入合计 no longer
    matches it."""
    from kg.validate import Severity

    report = altered(JIANCHAYUAN, "budget-01", "R2", "支出合计", "17997.68")
    (finding,) = [f for f in report.findings if f.rule == "calculation.line"]
    assert finding.severity is Severity.violation and finding.table == "收支预算总表"
    assert (finding.actual, finding.expected) == (Decimal("17996.68"), Decimal("17997.68"))


@pytest.mark.parametrize("path, at_least", [(RENDA, 120), (JIANCHAYUAN, 120)], ids=lambda p: getattr(p, "stem", p))
def test_mutating_any_number_of_the_form_in_an_identity_is_a_violation(path, at_least):
    """Every number that takes part in a checked identity, changed by 1.00, is caught; the
    numbers in none are the 政府采购预算表's and most lines of the two summary tables."""
    from test_validate import mutation_detection

    from kg.graph import build

    checked, every, missed = mutation_detection(build(disclosure(path)))
    assert not missed, missed[:10]
    assert checked >= at_least


# ---------------------------------------------------------------- the rules, on made-up pages

def line(text: str, page: int, top: float, number: int) -> Line:
    return Line(text, number, page, top)


def grid(page: int, top: float, rows, xs=(50.0, 150.0, 250.0)) -> Grid:
    return Grid(page, top, top + 20.0 * len(rows), tuple(tuple(r) for r in rows), (), xs)


HEADER = ("项目", "名称", "总计")


def procurement_pages(second_page_rows) -> Document:
    unit = "部门：某某办公厅 单位：万元"
    pages = [
        Page(1, [line("政府采购预算表", 1, 50, 1), line(unit, 1, 70, 2)],
             [grid(1, 100, [HEADER, ("合计", "", "10.00"), ("一、货物A", "", "10.00")])]),
        Page(2, [line("政府采购预算表", 2, 50, 3), line(unit, 2, 70, 4)],
             [grid(2, 100, [HEADER, *second_page_rows])]),
    ]
    return Document(path=BUDGETS / "made-up.pdf", sha256="0" * 64, format="pdf", pages=pages)


def test_a_repeated_title_over_a_new_total_is_a_second_table():
    """Under a repeated title, rows that go on continue the table; a grid that starts again
    with 合计 is a second printing (left for the recognizer to judge), not a continuation."""
    from kg.recognize.catalogue import load_catalogue
    from kg.recognize.grids import find_grid_tables

    going_on = find_grid_tables(procurement_pages([("台式计算机", "分散自行组织", "10.00")]),
                                load_catalogue())
    assert [(r.definition.name, r.pages) for r in going_on] == [("政府采购预算表", (1, 2))]
    again = find_grid_tables(procurement_pages([("合计", "", "10.00")]), load_catalogue())
    assert [(r.definition.name, r.pages) for r in again] == [("政府采购预算表", (1, 1)),
                                                           ("政府采购预算表", (2, 2))]


def test_a_page_top_row_of_its_own_is_not_joined_to_the_row_before():
    """Only a single text, no ordinal, under a label of the last row of the page before (which
    prints numbers) is that label's rest: 二、项目支出 or two labels (上年结转资金 | 结转下年资金)
    start rows of their own."""
    from kg.recognize.grid_columns import BodyRow, split_row_rest

    previous = BodyRow(["当年收入", "100.00", "当年支出小计", "100.00"],
                       ["当年收入", "100.00", "当年支出小计", "100.00"], [True] * 4, 1, 9)
    assert split_row_rest(previous, ["小计", "", "", ""]) == 0
    assert split_row_rest(previous, ["上年结转资金", "", "结转下年资金", ""]) is None
    assert split_row_rest(previous, ["", "", "二、项目支出", ""]) is None
    assert split_row_rest(previous, ["", "5.00", "", ""]) is None
    blank_before = BodyRow(["当年收入", "", "", ""], ["当年收入", "", "", ""], [True] * 4, 1, 9)
    assert split_row_rest(blank_before, ["小计", "", "", ""]) is None


# ---------------------------------------------------------------- the golden file, both ways

def test_the_renda_golden_file_is_the_whole_extraction():
    """tests/cases/jiangsu-renda-2017/facts.csv holds every number of every table (read by hand):
    each extracted number is one golden row, under a column whose printed header has the golden
    row's level (收入, 功能分类, 支出用途, 金额 …), and none is left over either way."""
    import pandas as pd

    from kg.recognize.grid_columns import normalise

    golden = pd.read_csv(ROOT / "tests" / "cases" / "jiangsu-renda-2017" / "facts.csv", dtype=str,
                         keep_default_na=False)
    facts = disclosure(RENDA).facts
    left = [(r.table, str(r.page), r.code, r.item, str(r.amount),
             set(r.header.split("/")) | {r.measure_label}) for r in facts.itertuples()]
    unmatched = []
    for row in golden.itertuples():
        match = next((x for x in left if x[:5] == (row.table, row.page, row.code, row.item, row.amount)
                      and normalise(row.measure) in x[5]), None)
        if match is None:
            unmatched.append(row)
        else:
            left.remove(match)
    assert unmatched == [] and left == []
    assert len(golden) == 162
