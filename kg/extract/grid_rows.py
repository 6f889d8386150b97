"""Read the body rows of a table grid (PDF, spreadsheet) into Cells, using the grid's layout.

Unlike text, a grid keeps blank cells in place: a blank is no fact, a printed 0 is a fact.
"""

from __future__ import annotations

import re

from kg.errors import TableLayoutError
from kg.extract.rows import Cell, RowsRead
from kg.numbers import parse_amount
from kg.readers.document import Line
from kg.recognize.grid_columns import BodyRow, ColumnGroup, is_amount, is_blank, layout_grid
from kg.recognize.regions import TableRegion, squash

# A space between two CJK characters is letter-spacing (合 计); one next to Latin text is real (1. 一般).
CJK_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef])")


def clean_label(text: str) -> str:
    """A cell's label as printed: wrapped lines joined, letter-spacing removed."""
    text = re.sub(r"\s*\n\s*", "", text.strip())
    return CJK_GAP.sub("", re.sub(r"[ \t\u00a0]+", " ", text))


CODE_IN_LABEL = re.compile(r"^(\d{7}|\d{5}|\d{3})(?!\d)\s*(\D.*)$")


def row_code(row: list[str], group: ColumnGroup) -> tuple[str, str]:
    """(code, text found in the code columns that is not a code, e.g. 合计 in a merged cell)."""
    digits, words = [], []
    for position, column in enumerate(group.code_columns):
        text = squash(row[column]) if column < len(row) else ""
        if text.isdigit():
            # 款 and 项 are two digits; a spreadsheet that dropped the leading zero prints "2".
            digits.append(text.zfill(2) if position > 0 else text)
        elif not is_blank(text):
            words.append(clean_label(row[column]))
    return "".join(digits), "".join(words)


def row_label(row: BodyRow, group: ColumnGroup, code: str, words: str) -> tuple[str, str]:
    """The row's label: its label cells, parts joined with '|'. A cell merged from above (a
    group label over several rows) counts for each row; one merged from the left counts once."""
    parts = []
    for k, c in enumerate(group.label_columns):
        # Merged from the label column before it (over a blank column between, if any).
        before = group.label_columns[k - 1] if k else None
        merged_from_left = (before is not None and row.labels[c] == row.labels[before]
                            and not any(row.starts[before + 1:c + 1]))
        if not merged_from_left and row.labels[c].strip():
            parts.append(clean_label(row.labels[c]))
    label = "|".join(parts) or words
    if not code and not group.code_columns and (m := CODE_IN_LABEL.match(label)):
        code, label = m.group(1), clean_label(m.group(2))
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
            code, label = row_label(body_row, group, code, words)
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
                unlabelled_table = not (group.label_columns or group.code_columns)
                if not (code or label or definition.item or unlabelled_table):
                    raise TableLayoutError(f"{region.definition.name}: number {text} in a row "
                                           "without a label or code", path=path, page=page)
                cells.append(Cell(definition, parse_amount(text), source,
                                  label or (definition.item or ""), code, row_number,
                                  layout.headers[column]))
                found = True
            if not found and (code or label):
                blank.append(f"{code} {label}".strip())
    return RowsRead(cells, blank)
