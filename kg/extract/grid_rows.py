"""Read the body rows of a table grid (PDF, spreadsheet) into Cells, using the grid's layout.

Unlike text, a grid keeps blank cells in place: a blank is no fact, a printed 0 is a fact.
"""

from __future__ import annotations

import re

from kg.errors import TableLayoutError
from kg.extract.numbers import parse_amount
from kg.extract.rows import Cell, RowsRead
from kg.readers.document import Line
from kg.recognize.grid_columns import ColumnGroup, is_amount, is_blank, layout_grid
from kg.recognize.regions import TableRegion, squash

CODE_IN_LABEL = re.compile(r"^(\d{7}|\d{5}|\d{3})(?!\d)\s*(\D.*)$")


def row_code(row: list[str], group: ColumnGroup) -> tuple[str, str]:
    """(code, text found in the code columns that is not a code, e.g. 合计 in a merged cell)."""
    digits, words = [], []
    for column in group.code_columns:
        text = squash(row[column]) if column < len(row) else ""
        if text.isdigit():
            digits.append(text)
        elif not is_blank(text):
            words.append(text)
    return "".join(digits), "".join(words)


def row_label(row: list[str], group: ColumnGroup, code: str, words: str) -> tuple[str, str]:
    label = squash(row[group.label_column]) if group.label_column is not None else ""
    if not label:
        label = words
    if not code and not group.code_columns and (m := CODE_IN_LABEL.match(label)):
        code, label = m.group(1), squash(m.group(2))
    return code, label


def read_grid(region: TableRegion, path) -> RowsRead:
    layout, body = layout_grid(region, path)
    cells: list[Cell] = []
    blank: list[str] = []
    for body_row in body:
        row, page = body_row.cells, body_row.page
        source = Line(" | ".join(row), body_row.row, page)
        for group in layout.groups:
            code, words = row_code(row, group)
            code, label = row_label(row, group, code, words)
            row_number = None
            if group.row_number_column is not None and row[group.row_number_column].isdigit():
                row_number = int(row[group.row_number_column])
            found = False
            for column, definition in sorted(group.amounts.items()):
                text = row[column].replace(" ", "") if column < len(row) else ""
                if is_blank(text):
                    continue
                if not is_amount(text):
                    raise TableLayoutError(f"{region.definition.name}: {text!r} in column "
                                           f"{definition.measure_label} is not a number",
                                           path=path, page=page)
                if not (code or label or definition.item):
                    raise TableLayoutError(f"{region.definition.name}: number {text} in a row "
                                           "without a label or code", path=path, page=page)
                cells.append(Cell(definition, parse_amount(text), source,
                                  label or (definition.item or ""), code, row_number))
                found = True
            if not found and (code or label):
                blank.append(f"{code} {label}".strip())
    return RowsRead(cells, blank)
