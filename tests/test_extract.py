"""Layouts of the seed text, and deliberately broken copies the extractor must refuse."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import seed_copy
from kg.errors import NotADisclosure, TableLayoutError
from kg.extract import extract
from kg.readers import read


def fact(disclosure, table, measure, *, code="", item=None, row=None):
    facts = disclosure.facts
    mask = (facts.table == table) & (facts.measure_label == measure) & (facts.code == code)
    if item is not None:
        mask &= facts.item == item
    if row is not None:
        mask &= facts.row == row
    (match,) = facts[mask].itertuples(index=False)
    return match


def test_wrapped_name_is_joined(seed_disclosure):
    f = fact(seed_disclosure, "收入决算表", "本年收入合计", code="2120899")
    assert f.item == "其他国有土地使用权出让收入安排的支出"
    assert f.amount == Decimal("3028.00")
    # 07 prints the code alone, then the name over two lines, then the numbers.
    f = fact(seed_disclosure, "政府性基金预算财政拨款收入支出决算表", "项目支出", code="2290402")
    assert f.item == "其他地方自行试点项目收益专项债券收入安排的支出"
    assert f.amount == Decimal("15000.00")


def test_side_by_side_lines(seed_disclosure):
    table = "收入支出决算总表"
    assert fact(seed_disclosure, table, "决算数", row=1).amount == Decimal("8228.35")
    right = fact(seed_disclosure, table, "决算数", row=40)  # "9 九、卫生健康支出 40 4.24"
    assert (right.item, right.amount) == ("九、卫生健康支出", Decimal("4.24"))
    total = fact(seed_disclosure, table, "决算数", row=62)  # after the "- 9 -" page marker
    assert (total.item, total.amount, total.page) == ("总计", Decimal("29671.35"), 9)
    assert not ((seed_disclosure.facts.table == table) & seed_disclosure.facts.row.isin([9, 30, 61])).any()
    f = fact(seed_disclosure, "财政拨款收入支出决算总表", "政府性基金预算财政拨款", row=43)
    assert (f.item, f.amount, f.fund_label) == ("十一、城乡社区支出", Decimal("3028.00"), "政府性基金预算财政拨款")
    f = fact(seed_disclosure, "财政拨款收入支出决算总表", "决算数", row=29)
    assert (f.item, f.amount) == ("一般公共预算财政拨款", Decimal("3415.00"))


def test_basic_expenditure_column_groups(seed_disclosure):
    table = "一般公共预算财政拨款基本支出决算表"
    assert fact(seed_disclosure, table, "决算数", code="30101").amount == Decimal("35.06")
    assert fact(seed_disclosure, table, "决算数", code="30226").amount == Decimal("9.25")
    assert fact(seed_disclosure, table, "决算数", code="39999").amount == Decimal("0")
    assert fact(seed_disclosure, table, "决算数", code="30299").item == "其他商品和服务支出"
    assert fact(seed_disclosure, table, "决算数", item="公用经费合计").amount == Decimal("36.32")
    economic = seed_disclosure.facts[seed_disclosure.facts.table == table]
    assert set(economic.classification[economic.code != ""]) == {"economic-dept"}
    assert set(economic.fund_label) == {"一般公共预算财政拨款"}


def test_explicit_zeros_and_three_public_columns(seed_disclosure):
    table = "财政拨款“三公”经费支出决算表"
    facts = seed_disclosure.facts[seed_disclosure.facts.table == table]
    assert len(facts) == 12 and set(facts.amount) == {Decimal("0")}
    assert list(facts.item[:6]) == ["合计", "因公出国（境）费", "公务用车购置及运行维护费",
                                    "公务用车购置费", "公务用车运行维护费", "公务接待费"]
    assert list(facts.measure_label) == ["预算数"] * 6 + ["决算数"] * 6


def test_empty_table_is_recorded_with_its_note(seed_disclosure):
    (table,) = [t for t in seed_disclosure.tables if t.key == "final-08"]
    assert table.empty and table.printed_title == "国有资本经营预算财政拨款支出决算表"
    assert "故本表无数据" in table.note
    assert table.blank_rows == ("合计",)


def test_table_of_contents_is_not_a_table(seed_disclosure):
    # The 目录 on page 2 lists every title with a number prefix; tables start on page 7.
    assert min(t.first_page for t in seed_disclosure.tables) == 7


def only_that_table_is_not_read(path, seed, reason: str, page: int) -> None:
    """Read by default: the table that cannot be read keeps none of its numbers and says why;
    every other table gives exactly the numbers it gives in the unaltered seed."""
    disclosure = extract(read(path))
    (unread,) = [t for t in disclosure.tables if t.not_read]
    assert reason in unread.not_read and unread.not_read_page == page and not unread.empty
    columns = ["table_key", "row_key", "column_key", "amount", "page"]
    others = seed.facts[seed.facts["table_key"] != unread.key][columns].reset_index(drop=True)
    assert disclosure.facts[columns].reset_index(drop=True).equals(others)
    assert len(others) < len(seed.facts)


def test_a_missing_cell_is_an_error_not_a_guess(tmp_path, seed_disclosure):
    path = seed_copy(tmp_path, "21011 行政事业单位医疗 4.24 4.24 0 0 0 0 0",
                       "21011 行政事业单位医疗 4.24 4.24 0 0 0 0")
    with pytest.raises(TableLayoutError, match="6 numbers for 7 columns") as error:
        extract(read(path), strict=True)
    assert error.value.page == 10 and error.value.line is not None
    only_that_table_is_not_read(path, seed_disclosure, "6 numbers for 7 columns", 10)


def test_a_header_without_a_catalogue_column_is_refused(tmp_path, seed_disclosure):
    path = seed_copy(tmp_path, "本年支出合计 基本支出 项目支出 上缴上级支出 经营支出",
                       "本年支出合计 基本支出 项目支出 上缴上级支出 其他支出")
    # 经营支出 is no longer named, so 6 printed numbers cannot be told apart among 5 known columns.
    message = r"支出决算表: \[6\] numbered columns printed, but the header names \[5\] known columns"
    with pytest.raises(TableLayoutError, match=message):
        extract(read(path), strict=True)
    only_that_table_is_not_read(path, seed_disclosure, "numbered columns printed, but the header "
                                "names [5] known columns", 12)


def test_a_side_by_side_line_out_of_sequence_is_refused(tmp_path, seed_disclosure):
    path = seed_copy(tmp_path, "五、事业收入 5 0 五、教育支出 36 0", "五、事业收入 0 五、教育支出 36 0")
    with pytest.raises(TableLayoutError, match="行次 5"):
        extract(read(path), strict=True)
    only_that_table_is_not_read(path, seed_disclosure, "行次 5", 7)


def test_text_without_tables_is_not_a_disclosure(tmp_path):
    path = tmp_path / "novel.txt"
    path.write_text("第一章\n\n从前有座山。\n", encoding="utf-8")
    with pytest.raises(NotADisclosure):
        extract(read(path))
