"""The Jiangsu provincial budget form of 2018/2019: the 文件 that prints its twelve tables
(公开01–12表) after the prose, and the 表格 files that print the same tables apart from the 文件
(no cover). Every table reads, every printed number is read under its column, the sums hold."""

from __future__ import annotations

import collections
import csv
import re
from dataclasses import replace
from decimal import Decimal

import pytest

from conftest import CASES, ROOT, extracted
from kg.extract.rows import read_rows
from kg.readers import read
from kg.recognize import load_catalogue, recognize
from kg.recognize.grid_columns import assign, normalise

BUDGETS = ROOT.parent / "shared" / "corpus" / "budgets"
pytestmark = pytest.mark.skipif(not BUDGETS.exists(), reason="../shared/corpus is not beside the checkout")

TWELVE = ["收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "财政拨款支出预算表",
          "财政拨款基本支出预算表", "一般公共预算支出表", "一般公共预算基本支出表", "“三公”经费支出表",
          "政府性基金预算支出表", "机关运行经费预算表", "政府采购预算表"]
FILES = ["jiangsu-zhengxie-2018-tables.pdf", "jiangsu-zhengxie-2019-tables.pdf",
         "jiangsu-renda-bangongting-2019-tables.pdf", "jiangsu-renda-2018.pdf"]
# An amount as these tables print it: 2 decimals, with or without thousands separators.
PRINTED_AMOUNT = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+\.\d{2}(?!\d)|(?<![\d.,])\d+\.\d{2}(?!\d)")


def read_tables(name: str):
    """The document, its table regions and the cells read from each (no metadata needed)."""
    path = BUDGETS / name
    document = read(path)
    regions = recognize(document)
    return document, [(region, read_rows(region, path)) for region in regions]


@pytest.fixture(scope="module", params=FILES)
def tables(request):
    return request.param, *read_tables(request.param)


def test_the_twelve_tables_are_recognised_and_read(tables):
    _name, _document, read = tables
    assert [region.definition.name for region, _ in read] == TWELVE
    for region, rows in read:
        assert rows.cells or region.definition.name == "政府性基金预算支出表", region.definition.name


def test_every_number_printed_on_a_table_page_is_read(tables):
    """Each amount of the text layer of a table's pages is one cell (count per page and value)."""
    _name, document, read = tables
    read_per_page = collections.defaultdict(collections.Counter)
    for _region, rows in read:
        for cell in rows.cells:
            read_per_page[cell.line.page][str(cell.amount)] += 1
    assert read_per_page
    for page, got in read_per_page.items():
        printed = collections.Counter(n.replace(",", "") for line in document.pages[page - 1].lines
                                      for n in PRINTED_AMOUNT.findall(line.text))
        assert got == printed, page


@pytest.mark.parametrize("name, page, title", [
    ("jiangsu-zhengxie-2018-tables.pdf", 10, "财政拨款政府性基金支出预算表"),
    ("jiangsu-zhengxie-2019-tables.pdf", 10, "财政拨款政府性基金支出预算表"),
    ("jiangsu-renda-bangongting-2019-tables.pdf", 10, "财政拨款政府性基金支出预算表"),
    ("jiangsu-jianchayuan-2018.pdf", 19, "公开10表：政府性基金支出预算表")])
def test_the_government_fund_table_under_its_other_titles_is_recognised_empty(name, page, title):
    """公开10表 as the 表格 files (财政拨款政府性基金支出预算表) and 检察院 2018 (政府性基金支出预算表)
    title it; the department has no such fund, so its 合计 row is printed blank."""
    _document, read = read_tables(name)
    (region, rows), = [(r, rows) for r, rows in read if r.definition.key == "budget-07"]
    assert (region.title.page, region.title.text.replace(" ", "")) == (page, title)
    assert rows.cells == [] and "合计" in rows.blank_rows


def golden(stem: str) -> list[dict]:
    with (CASES / stem / "facts.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("stem, numbers", [("jiangsu-zhengxie-2019-tables", 154), ("jiangsu-renda-2018", 158)])
def test_the_tables_read_exactly_as_the_golden_file(stem, numbers):
    """Both ways, every number of every table, read without the document's metadata (a 表格 file
    prints no year on a cover; the disclosure's year is the metadata reader's, not the tables')."""
    _document, read = read_tables(stem + ".pdf")
    expected = golden(stem)
    got: dict[tuple, list[set[str]]] = collections.defaultdict(list)
    for region, rows in read:
        for cell in rows.cells:
            key = (region.definition.name, str(cell.line.page), cell.code, cell.item, str(cell.amount))
            got[key].append(set(cell.header.split("/")) | {cell.column.measure_label})
    expected_keys = collections.Counter((r["table"], r["page"], r["code"], r["item"], r["amount"])
                                        for r in expected)
    got_keys = collections.Counter({key: len(levels) for key, levels in got.items()})
    assert sorted((expected_keys - got_keys).elements()) == [], "in the golden file, not read"
    assert sorted((got_keys - expected_keys).elements()) == [], "read, not in the golden file"
    # The golden file names each number's column by one level of its printed header.
    assert [r for r in expected if not any(normalise(r["measure"]) in levels for levels in
                                           got[r["table"], r["page"], r["code"], r["item"], r["amount"]])] == []
    assert len(expected) == numbers


def test_renda_2018_sums_hold_and_the_cross_table_identities_are_checked():
    from kg.graph import build
    from kg.graph.calculations import calculation_instances
    from kg.graph.disclosure import disclosure_iri
    from kg.validate import Severity, validate

    disclosure = extracted(BUDGETS / "jiangsu-renda-2018.pdf")
    report = validate(build(disclosure))
    assert [f for f in report.findings if f.severity is not Severity.info
            and f.category in ("table", "cross-table", "code")] == []
    checked = collections.Counter(i.calculation.key for i in
                                  calculation_instances(disclosure_iri(disclosure), disclosure) if not i.missing)
    assert checked["budget-code-tree"] == 24
    for key in ("budget-01-04-general", "budget-02-01-income-line", "budget-04-10-total", "budget-10-05-total",
                "budget-11-06-total", "budget-06-09-meetings-c4", "budget-06-09-training-c4", "budget-09-total"):
        assert checked[key] == 1, key


# ---------------------------------------------------------------- the column 基本支出

def test_a_basic_expenditure_table_whose_column_is_headed_jibenzhichu_reads_it_as_its_total():
    """Some Jiangsu 2019 documents head the one number column of 一般公共预算基本支出表 基本支出
    instead of 金额: the page-8 table of the 政协 表格 file with that header reads every number as
    the table's 基本支出 (the measure of its 合计 column), none lost."""
    path = BUDGETS / "jiangsu-zhengxie-2019-tables.pdf"
    region = next(r for r in recognize(read(path)) if r.definition.key == "budget-06")
    grid = region.grids[0]
    assert grid.rows[0][2] == "金额"
    header = ("科目编码", "科目名称", "基本支出")
    region.grids[0] = replace(grid, rows=(header, *grid.rows[1:]))
    cells = read_rows(region, path).cells
    assert len(cells) == 26
    assert {c.column.key for c in cells} == {"c1"}
    assert {c.column.measure for c in cells} == {region.definition.columns[0].measure}
    assert sum(c.amount for c in cells if len(c.code) == 3) == next(c.amount for c in cells if c.item == "合计") \
        == Decimal("6442.75")


def test_a_group_header_does_not_take_the_columns_printed_under_it():
    """合计 | 基本支出: 人员经费, 公用经费 — the group level 基本支出 names no column of its own: each
    column is what its own (last) header level says."""
    catalogue = [c for c in next(t for t in load_catalogue() if t.key == "budget-06").columns]
    header = [["科目编码", "科目名称", "合计", "基本支出", "基本支出"],
              ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]]
    assert {column: c.key for column, c in assign([2, 3, 4], header, catalogue).items()} == \
        {2: "c1", 3: "c2", 4: "c3"}
