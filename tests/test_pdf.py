"""PDF layouts on real pages of the corpus, and PDFs that cannot be read."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import ROOT
from kg.errors import UnreadableInput
from kg.extract import extract
from kg.readers import read

CORPUS = ROOT.parent / "shared" / "corpus"
FINAL = CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"
WANLI = CORPUS / "budgets" / "shanghai-putuo-wanli-2024.pdf"
JIANGSU = CORPUS / "budgets" / "jiangsu-jianchayuan-2019.pdf"


@pytest.fixture(scope="module")
def final():
    return extract(read(FINAL))


@pytest.fixture(scope="module")
def wanli():
    return extract(read(WANLI))


@pytest.fixture(scope="module")
def jiangsu():
    return extract(read(JIANGSU))


def amounts(disclosure, table, **where):
    facts = disclosure.facts[disclosure.facts.table == table]
    for column, value in where.items():
        facts = facts[facts[column] == value]
    return sorted(facts.amount.map(str))


def test_codes_split_over_class_columns_are_joined(final):
    assert amounts(final, "收入决算表", code="2010601", measure_label="财政拨款收入") == ["1511.89"]
    assert amounts(final, "一般公共预算财政拨款基本支出决算表", code="30101") == ["262.33"]


def test_blank_cell_is_no_fact_and_printed_zero_is(final, wanli):
    # 一般行政管理事务 prints no 基本支出 in the Shanghai 支出决算表: blank, so no fact
    assert amounts(final, "支出决算表", code="2010602", measure_label="基本支出") == []
    assert amounts(final, "支出决算表", code="2010602", measure_label="项目支出") == ["10.00"]
    # the 万里 budget prints 0 in 事业收入
    assert amounts(wanli, "收入预算总表", code="201", measure_label="事业收入") == ["0"]


def test_continued_table_keeps_columns_aligned(final, wanli):
    # 财政拨款收入支出决算总表 runs over pages 12-14 (page 14 has no text layer)
    facts = final.facts[final.facts.table == "财政拨款收入支出决算总表"]
    assert set(facts.page) == {12, 13}
    assert amounts(final, "财政拨款收入支出决算总表", item="十九、住房保障支出",
                   measure_label="一般公共预算财政拨款") == ["445.69"]
    assert any("no text layer on page(s) 14" in n for n in final.reading_notes)
    # the 万里 收入预算总表's last page draws only the 合计 row, with fewer columns
    total = wanli.facts[(wanli.facts.table == "收入预算总表") & (wanli.facts.item == "合计")]
    assert dict(zip(total.measure_label, total.amount.map(str)))["财政拨款收入"] == "156211123"
    assert set(total.page) == {15}


def test_side_by_side_with_two_expenditure_blocks(jiangsu):
    table = "收支预算总表"
    assert amounts(jiangsu, table, item="四、公共安全支出") == ["16593.12"]
    assert amounts(jiangsu, table, item="三、单位预留机动经费") == ["3990.40"]
    assert amounts(jiangsu, table, item="一、财政拨款") == ["24169.74"]


def test_three_public_table_with_multi_level_header(final, jiangsu):
    facts = final.facts[final.facts.table == "财政拨款“三公”经费支出决算表"]
    assert sorted(zip(facts.item, facts.measure_label, facts.amount.map(str))) == [
        ("公务接待费", "预算数", "0.95"), ("合计", "预算数", "0.95")]
    facts = jiangsu.facts[jiangsu.facts.table == "“三公”经费支出表"]
    by_item = dict(zip(facts.item, facts.amount))
    assert by_item["公务用车运行维护费"] == Decimal("237") and "公务用车购置费" not in by_item


def test_units_are_per_table(wanli):
    units = dict(zip(wanli.facts.table, wanli.facts.unit))
    assert units["收入预算总表"] == "元" and units["“三公”经费支出表"] == "万元"


def test_empty_tables_and_table_of_contents(final, wanli):
    empty = {t.name for t in final.tables if t.empty}
    assert empty == {"政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款收入支出决算表"}
    # the 目录 on page 2 lists every title; the first table starts on page 6
    assert min(t.first_page for t in final.tables) == 6
    # a note saying 本表为空表 under a table that prints numbers does not empty it
    (three_public,) = [t for t in wanli.tables if t.name == "“三公”经费支出表"]
    assert not three_public.empty


def test_tables_published_separately_are_a_reading_note():
    disclosure = extract(read(CORPUS / "budgets" / "jiangsu-renda-2019.pdf"))
    assert disclosure.tables == [] and disclosure.facts.empty
    assert disclosure.metadata.department == "江苏省人大常委会办公厅"
    assert "附后" in disclosure.reading_notes[0]


BLANK_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
4 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
trailer << /Root 1 0 R >>
%%EOF
"""


def test_a_pdf_without_text_layer_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(BLANK_PDF)
    with pytest.raises(UnreadableInput, match=r"no text layer on pages 1–2"):
        read(path)


def test_a_broken_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    with pytest.raises(UnreadableInput):
        read(path)
