"""PDF layouts on real pages of the corpus, and PDFs that cannot be read."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from conftest import ROOT, extracted
from kg.errors import UnreadableInput
from kg.readers import read

CORPUS = ROOT.parent / "shared" / "corpus"
FINAL = CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"
WANLI = CORPUS / "budgets" / "shanghai-putuo-wanli-2024.pdf"
JIANGSU = CORPUS / "budgets" / "jiangsu-jianchayuan-2019.pdf"


@pytest.fixture(scope="module")
def final():
    return extracted(FINAL)


@pytest.fixture(scope="module")
def wanli():
    return extracted(WANLI)


@pytest.fixture(scope="module")
def jiangsu():
    return extracted(JIANGSU)


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
    disclosure = extracted(CORPUS / "budgets" / "jiangsu-renda-2019.pdf")
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


def clipped_pdf() -> bytes:
    """One page that draws four words: one inside a clip rectangle, one below it (clipped away),
    one after the clip is lifted, one to the right of the page."""
    content = (b"q 0 100 200 100 re W n\n"
               b"BT /F1 12 Tf 10 150 Td (shown) Tj ET\n"
               b"BT /F1 12 Tf 10 50 Td (clipped) Tj ET\nQ\n"
               b"BT /F1 12 Tf 10 120 Td (also shown) Tj ET\n"
               b"BT /F1 12 Tf 250 120 Td (off the page) Tj ET\n")
    return (b"%%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
            b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R\n"
            b"  /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
            b" >> endobj\n"
            b"4 0 obj << /Length %d >> stream\n%sendstream endobj\n"
            b"trailer << /Root 1 0 R >>\n%%%%EOF\n" % (len(content), content))


def test_text_outside_its_clip_path_or_the_page_is_not_read(tmp_path):
    path = tmp_path / "clipped.pdf"
    path.write_bytes(clipped_pdf())
    assert [line.text for line in read(path).lines()] == ["shown", "also shown"]


def test_a_text_box_split_over_two_pages_is_read_once_where_it_shows():
    """财政局 2025 draws its 编制说明 box whole on pages 7 and 8, each clipped to its part: page 7
    hides items 9–11 below its clip, page 8 redraws items 1–8 above its own (1–6 off the page)."""
    document = read(CORPUS / "budgets" / "shanghai-putuo-caizhengju-2025.pdf")
    items: dict[int, list[int]] = {}
    for line in document.lines():
        if match := re.match(r"^(\d{1,2})\.“", line.text):
            items.setdefault(int(match.group(1)), []).append(line.page)
    assert items == {n: [7] if n <= 8 else [8] for n in range(1, 12)}
    first = [line.text for line in document.pages[7].lines][0]
    assert first.startswith("9.“卫生健康支出（类）") and "78.21万元" in first
    assert sum("收入预算3,121.42万元" in line.text for line in document.lines()) == 1


def test_a_unit_printed_off_the_page_is_not_read():
    # 检察院 2019 p. 21 prints "单 位 ：万元" and, at x 681 on a 595-wide page, "单位：万元" again
    (line,) = [line for line in read(JIANGSU).pages[20].lines if "部门名称" in line.text]
    assert line.text == "部门名称： 江苏省人民检察院 单 位 ：万元"


def test_pages_read_alone_are_numbered_as_in_the_whole_document(final):
    """The report reads again only the pages its findings are on, numbering their lines from
    where the store says each page's begin (gk:pageFirstLines, from Metadata.page_first_lines)."""
    from kg.readers.pdf import read_pdf_pages

    whole = read(FINAL)
    firsts = final.metadata.page_first_lines
    assert firsts == whole.first_lines() and len(firsts) == len(whole.pages) == 25
    blank = next(n for n, first in enumerate(firsts, 1) if first is None)  # a page without a line
    wanted = {3: firsts[2], 12: firsts[11], 25: firsts[24], blank: 0}
    alone = read_pdf_pages(FINAL, wanted)
    assert len(alone.pages) == len(whole.pages)
    for number in wanted:
        assert alone.pages[number - 1] == whole.pages[number - 1], number
    assert alone.pages[11].lines[0].number == firsts[11] > 200  # numbered from the page's first line
    assert not alone.pages[3].lines and not alone.pages[3].grids  # a page not asked for is not read
