"""Spreadsheets: a real table's printed values written into an .xlsx the way departments publish
them (title row, unit row, merged multi-level header, codes split over 类/款/项), read back."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from conftest import ROOT, extracted
from kg.errors import UnreadableInput
from kg.readers import read

GOLDEN = ROOT / "tests/cases/shanghai-putuo-caizhengju-2024/facts.csv"
MEASURES = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]


def expenditure_rows() -> pd.DataFrame:
    """The 支出决算表 of the Shanghai 2024 决算 PDF, one row per code, from its golden file."""
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    table = golden[golden.table == "支出决算表"]
    return table.pivot_table(index=["code", "item"], columns="measure", values="amount",
                             aggfunc="first", fill_value="").reset_index()


def write_workbook(path, rows: pd.DataFrame) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "公开03表"
    sheet.append(["支出决算表"])
    sheet.append(["部门名称：上海市普陀区财政局", None, None, None, None, "2024年度", None, None, "单位：万元"])
    sheet.append(["项目", None, None, None, *MEASURES])
    sheet.append(["支出功能分类科目编码", None, None, "科目名称"])
    sheet.append(["类", "款", "项"])
    sheet.merge_cells("A3:D3")
    sheet.merge_cells("A4:C4")
    sheet.merge_cells("D4:D5")
    for column in "EFGHIJ":
        sheet.merge_cells(f"{column}3:{column}5")
    for row in rows.itertuples(index=False):
        code = row.code
        parts = [code[:3], code[3:5] or None, code[5:7] or None] if code else ["合计", None, None]
        values = []
        for measure in MEASURES:
            text = getattr(row, measure, "") or ""
            values.append(Decimal(text) if text else None)
        sheet.append([*parts, row.item if code else None, *values])
        for cell in sheet[sheet.max_row][4:]:
            cell.number_format = "#,##0.00"
    book.save(path)


def test_a_real_table_round_trips_through_xlsx(tmp_path):
    rows = expenditure_rows()
    path = tmp_path / "disclosure.xlsx"
    write_workbook(path, rows)
    disclosure = extracted(path)
    assert disclosure.metadata.department == "上海市普陀区财政局"
    facts = disclosure.facts
    got = {(f.code, f.measure_label): str(f.amount) for f in facts.itertuples()}
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    expected = {(g.code, g.measure): g.amount for g in golden[golden.table == "支出决算表"].itertuples()}
    assert got == expected
    assert got[("2010601", "项目支出")] == "8.37"


def test_not_a_workbook(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("not a zip")
    with pytest.raises(UnreadableInput, match="not a readable .xlsx"):
        read(path)


def write_xls(path, rows: pd.DataFrame) -> None:
    """The same table as an old-style .xls (written with xlwt, read by xlrd)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("公开03表")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    sheet.write(0, 0, "支出决算表")
    sheet.write(1, 0, "部门名称：上海市普陀区财政局")
    sheet.write(1, 5, "2024年度")
    sheet.write(1, 8, "单位：万元")
    sheet.write_merge(2, 2, 0, 3, "项目")
    sheet.write_merge(3, 3, 0, 2, "支出功能分类科目编码")
    sheet.write_merge(3, 4, 3, 3, "科目名称")
    sheet.write(4, 0, "类")
    sheet.write(4, 1, "款")
    sheet.write(4, 2, "项")
    for i, measure in enumerate(MEASURES):
        sheet.write_merge(2, 4, 4 + i, 4 + i, measure)
    for r, row in enumerate(rows.itertuples(index=False), start=5):
        code = row.code
        parts = [code[:3], code[3:5], code[5:7]] if code else ["合计", "", ""]
        for c, part in enumerate(parts):
            if part:
                sheet.write(r, c, part)
        if code:
            sheet.write(r, 3, row.item)
        for i, measure in enumerate(MEASURES):
            text = getattr(row, measure, "") or ""
            if text:
                sheet.write(r, 4 + i, float(text), money)
    book.save(str(path))


def test_the_same_table_reads_from_xls(tmp_path):
    rows = expenditure_rows()
    path = tmp_path / "disclosure.xls"
    write_xls(path, rows)
    facts = extracted(path).facts
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    expected = {(g.code, g.measure): g.amount for g in golden[golden.table == "支出决算表"].itertuples()}
    assert {(f.code, f.measure_label): str(f.amount) for f in facts.itertuples()} == expected
