"""The Shanghai 区级部门预算 form: 上海市普陀区万里街道 2023 and 2025 (PDF) and the official
Excel forms (tests/cases/shanghai-*-template, blank: rows and columns, no numbers, no department)."""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.cell import MergedCell
from test_golden import extracted_rows

from conftest import CASES, ROOT, extracted, load_case
from kg.extract import extract
from kg.readers import read
from kg.readers.excel import number_text
from kg.recognize.grid_columns import normalise

CORPUS = ROOT / "../shared/corpus/budgets"
TEMPLATES = CORPUS / "templates"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")


@pytest.fixture(scope="module")
def wanli_2023():
    return extracted(CORPUS / "shanghai-putuo-wanli-2023.pdf")


@pytest.fixture(scope="module")
def wanli_2025():
    return extracted(CORPUS / "shanghai-putuo-wanli-2025.pdf")


# ---------------------------------------------------------------- 万里街道 2023

def test_2023_golden_file_is_every_number_both_ways(wanli_2023):
    """facts.csv was read by hand from pp. 10–28 (638 numbers, blank cells left out). A budget
    golden file names a column by one level of its printed header, so test_golden checks it one
    way only: here each golden row takes one extracted fact of its own, and none is left over."""
    case = load_case(CASES / "shanghai-putuo-wanli-2023")
    assert case["complete"] and case["measure"] == "printed"
    golden = pd.read_csv(case["dir"] / "facts.csv", dtype=str, keep_default_na=False)
    got = extracted_rows(wanli_2023)
    free: dict[tuple, list[set[str]]] = {}
    for row in got.itertuples(index=False):
        free.setdefault((row.table, row.page, row.code, row.item, row.amount), []).append(
            set(row.header.split("/")) | {row.measure})
    unmatched = []
    for row in golden.itertuples(index=False):
        candidates = free.get((row.table, row.page, row.code, row.item, row.amount), [])
        hit = next((i for i, levels in enumerate(candidates) if normalise(row.measure) in levels), None)
        if hit is None:
            unmatched.append(row)
        else:
            candidates.pop(hit)
    assert unmatched == []
    assert [key for key, left in free.items() if left] == []
    assert len(golden) == len(got) == 638


def test_2023_prose_is_read_under_a_heading_without_its_year(wanli_2023):
    """p. 6 heads its prose 部门预算编制说明 (2024 and 2025: 2024年部门预算编制说明); it is read,
    and its first amount is the tables' total: 16497.86 万元 = 164,978,640 元."""
    claims = wanli_2023.claims
    assert len(claims) > 100 and set(claims["page"]) >= {6, 7, 8, 9, 29}
    first = claims[claims["page"] == 6].iloc[0]
    assert first["value"] == Decimal("16497.86")
    total = wanli_2023.facts.query("table == '收支预算总表' and item == '收入总计'")["amount"]
    assert list(total) == [Decimal("164978640")]


# ---------------------------------------------------------------- 万里街道 2025

def test_2025_21201_prints_one_yuan_above_its_parts_in_every_table(wanli_2025):
    """Not a misread: pp. 12, 17, 23 print 21201 城乡社区管理事务 94,995,790 while its 项 and its
    基本支出 + 项目支出 give 94,995,789, and 212 prints 154,369,326, the sum with 789 (findings.csv)."""
    facts = wanli_2025.facts
    for table in ("收入预算总表", "支出预算总表", "一般公共预算支出表"):
        rows = facts[(facts.table == table) & (facts.column_key == "c1")]
        amount = dict(zip(rows.code, rows.amount))
        assert amount["21201"] == Decimal("94995790"), table
        parts = [amount[c] for c in amount if len(c) == 7 and c.startswith("21201")]
        assert len(parts) == 4 and sum(parts) == Decimal("94995789"), table
        assert amount["212"] == Decimal("154369326") == sum(
            amount[c] for c in ("21203", "21205", "21299")) + Decimal("94995789"), table
    spending = facts[(facts.table == "支出预算总表") & (facts.code == "21201")]
    by_column = dict(zip(spending.measure_label, spending.amount))
    assert by_column["基本支出"] + by_column["项目支出"] == Decimal("94995789")


# ---------------------------------------------------------------- the official Excel forms

TEMPLATE_FILES = ["shanghai-department-budget-template.xlsx", "shanghai-unit-budget-template.xlsx",
                  "shanghai-budget-template.xls"]


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_an_empty_form_reads_its_nine_tables_and_no_number(name):
    disclosure = extracted(TEMPLATES / name)
    assert disclosure.facts.empty
    assert [t.first_page for t in disclosure.tables] == list(range(7, 16))
    assert all(t.empty for t in disclosure.tables)


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_what_an_empty_form_prints_where_the_department_goes(name):
    """The evidence for the metadata reader: the cover's name is a placeholder (上海市普陀区XX局 /
    XX单位), and each table's 编制部门：/编制单位： cell is empty, the unit in a cell further right,
    so the table's meta line reads '编制部门： 单位：元': no name between the colon and 单位."""
    document = read(TEMPLATES / name)
    cover = [line.text for line in document.pages[0].lines]
    assert re.fullmatch(r"(?:预算主管部门|预算单位)：上海市普陀区XX(?:局|单位)", cover[1])
    metas = [line.text for page in document.pages[6:15] for line in page.lines
             if line.text.startswith("编制")]
    assert len(metas) == 9
    assert all(re.fullmatch(r"编制(?:部门|单位)： 单位[：:](?:元|万元)", text) for text in metas)


def test_whole_numbers_read_as_printed():
    """A 元 table's cells are whole numbers formatted '#,##0' (or General): never 2.9768E+6."""
    assert number_text(2976800, "#,##0") == "2976800"
    assert number_text(100, "General") == "100"
    assert number_text(100.0, "General") == "100"
    assert number_text(8228.35, "#,##0.00") == "8228.35"
    assert number_text(5, "0.00") == "5.00"


def real_row(label) -> bool:
    """A row of the form, not its placeholder for more rows (…, 二、…, 三、)."""
    return label not in (None, "") and not re.fullmatch(r"…+|[一二三四五六七八九十]+、…?", str(label))


def fill_form(path, out) -> list[tuple[str, str, str, int]]:
    """The official form with a distinct number in every cell a department fills in: each row's
    amount columns (the expenditure side's too), the “三公” table's one row. Returns (sheet title,
    row label, column header, number) for each."""
    book = openpyxl.load_workbook(path)
    written = []
    number = 1000

    def put(sheet, row, column, label, header):
        nonlocal number
        if not isinstance(sheet.cell(row, column), MergedCell):
            number += 1
            sheet.cell(row, column).value = number
            written.append((sheet.title, str(label), str(header), number))

    for sheet in book.worksheets[6:14]:
        # The side-by-side sheets are formatted 253 columns wide; the forms print at most nine.
        headers = {c: sheet.cell(7, c).value for c in range(1, min(sheet.max_column, 9) + 1)}
        if "收支总表" in sheet.title:  # 项目 | 预算数 | 项目 | 合计 …, side by side
            for row in range(8, sheet.max_row + 1):
                for column, header in headers.items():
                    if header not in (None, "项目"):
                        label = sheet.cell(row, 1 if column < 3 else 3).value
                        if real_row(label):
                            put(sheet, row, column, label, header)
            continue
        name = next(c for c, h in headers.items() if (h or "").endswith("名称"))
        for row in range(9, sheet.max_row + 1):
            label = sheet.cell(row, name).value or sheet.cell(row, 1).value
            if real_row(label) and not any(str(sheet.cell(row, c).value or "") == "…"
                                           for c in range(1, name)):
                for column in range(name + 1, len(headers) + 1):
                    if headers[column]:
                        put(sheet, row, column, label, headers[column])
    three = book.worksheets[14]
    for column in range(1, 8):
        header = three.cell(6, column).value or three.cell(5, column).value or three.cell(4, column).value
        put(three, 7, column, "", header)
    book.save(out)
    return written


def test_a_filled_copy_of_the_department_form_reads_every_number_under_its_column(tmp_path):
    """What a department publishes from this workbook: every number lands in its row and under
    its printed column, including the “三公” table's 机关运行经费预算数 (a header merged down over
    three rows, above the grid's first three-cell row)."""
    out = tmp_path / "filled.xlsx"
    written = fill_form(TEMPLATES / "shanghai-department-budget-template.xlsx", out)
    facts = extract(read(out)).facts
    assert len(written) == len(facts) == 134
    by_amount = {int(a): (item, header) for a, item, header in zip(facts.amount, facts["item"], facts.header)}
    for sheet, label, header, number in written:
        item, printed = by_amount[number]
        assert normalise(header) == normalise(printed.split("/")[-1]), (sheet, label, number)
        if label:
            assert item == label, (sheet, number)
    operating = facts[facts.measure_label == "机关运行经费"]
    assert list(operating.header) == ["机关运行经费预算数"] and len(operating) == 1
