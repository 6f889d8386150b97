"""Map the columns of a table grid to the catalogue: which columns hold codes, row labels, 行次
and which catalogue column each number column is.

A grid's header rows are the rows above its first body row. Each column's header is read as a
path of levels (a merged cell counts for every column it covers), and a catalogue column matches
when every part of one of its header variants is found in one level. A column that holds numbers
but matches no catalogue column is an error: a number is never kept without knowing its meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import TableLayoutError
from kg.numbers import AMOUNT
from kg.recognize.catalogue import EXPENDITURE_SIDE, INCOME_SIDE, ColumnDef
from kg.recognize.regions import TableRegion, squash

CODE_LEVELS = {"类", "款", "项"}
CODE_HEADER = re.compile(r"编码|代码")
LABEL_HEADER = re.compile(r"科目名称|项目|名称|科目")
DASHES = {"-", "—", "－", "--", "——", "/", "…", "……"}
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")
CODE_CELL = re.compile(r"^\d{1,7}$")
TOTAL = re.compile(r"^(合计|总计|小计|.{0,12}合计)$")
PLACEHOLDER = re.compile(r"^[\s…。.·]+$")  # "…" rows of a template stand for rows to fill in


def is_total_label(text: str) -> bool:
    """合计, 总计, 人员经费合计 …: a row label that may sit in a merged cell over the code columns."""
    return bool(TOTAL.match(squash(text)))


def is_amount(text: str) -> bool:
    return bool(AMOUNT.match(text.replace(" ", "")))


def is_blank(text: str | None) -> bool:
    return not text or text in DASHES or text in CODE_LEVELS or bool(PLACEHOLDER.match(text))


def is_column_number_row(cells: list[str]) -> bool:
    """栏次 rows: '栏次', '1', '2', … counting up (per side)."""
    values = [c for c in cells if c]
    if not values:
        return False
    numbers = [c for c in values if c.isdigit()]
    others = [c for c in values if not c.isdigit()]
    return len(numbers) >= 2 and all(squash(o) in ("栏次", "行次") for o in others) and numbers[0] == "1"


def is_body_row(cells: list[str]) -> bool:
    values = [c for c in cells if c]
    if not values or is_column_number_row(cells):
        return False
    # A row label in the first filled cell (合计, a code) marks a body row even without numbers;
    # 合计 elsewhere in a row is a column header.
    if re.match(r"^\d{3}$", values[0]):
        return True
    others = [v for v in values if v != values[0]]
    if is_total_label(values[0]) and all(is_amount(v) or v in DASHES for v in others):
        return True
    return any(is_amount(v) for v in values) or any(NUMBERING.match(v) for v in values)


def split_header(rows: list[list[str]]) -> int:
    """Index of the first body row; every row above it is header."""
    for i, row in enumerate(rows):
        if is_body_row(row):
            return i
    # No number anywhere (an empty table): the header ends after its last non-blank row.
    last = max((i for i, row in enumerate(rows) if any(row)), default=-1)
    return last + 1


def normalise(text: str) -> str:
    """Header text for matching: no white space, full-width parentheses."""
    return squash(text).replace("(", "（").replace(")", "）")


def align_columns(first: tuple[float, ...], other: tuple[float, ...], tolerance: float = 3.0):
    """Map each column of a continuation grid to the first grid's column with the same left
    edge (a page holding only the 合计 row draws fewer columns); None if one does not fit."""
    mapping = []
    for x in other:
        distance, nearest = min((abs(x0 - x), j) for j, x0 in enumerate(first)) if first else (0, 0)
        if not first or distance > tolerance:
            return None
        mapping.append(nearest)
    return mapping


def header_levels(header: list[list[str]], column: int) -> list[str]:
    levels: list[str] = []
    for row in header:
        text = normalise(row[column]) if column < len(row) else ""
        if text and (not levels or levels[-1] != text):
            levels.append(text)
    return levels


def variant_score(variant: tuple[str, ...], levels: list[str]) -> int:
    """How well a header variant names a column: 0 unless each part is found in its own level.

    An exact level counts more than a level that merely contains the part, so 公务用车购置费
    goes to its own column and not to the 公务用车购置及运行费 group above it; and the column's
    own (last) level counts more than a group level above it, so under a group 基本支出 the
    column 人员经费 is 人员经费, not the 基本支出 that a basic-expenditure table's total is named.
    """
    free = list(levels)
    score = 0
    for part in sorted(map(normalise, variant), key=len, reverse=True):
        exact = [level for level in free if level == part]
        found = exact or [level for level in free if part in level]
        if not found:
            return 0
        free.remove(found[0])
        leaf = bool(levels) and found[0] == levels[-1]
        score += len(part) * ((4 if leaf else 3) if exact else 1)
    return score


@dataclass
class ColumnGroup:
    """One side (or column group) of a grid: code columns, a label column, numbers."""

    code_columns: list[int] = field(default_factory=list)
    label_columns: list[int] = field(default_factory=list)
    """Usually one; several when a row label is printed in parts (group | line)."""
    row_number_column: int | None = None
    amounts: dict[int, ColumnDef] = field(default_factory=dict)
    """grid column → catalogue column"""


@dataclass
class GridLayout:
    header_rows: list[list[str]]
    headers: dict[int, str]
    """grid column → its printed header, levels joined with '/'"""
    groups: list[ColumnGroup]
    ignored: list[int]
    """Columns that are blank in every row and named by no catalogue column."""


def column_role(levels: list[str], values: list[str]) -> str:
    filled = [v for v in values if not is_blank(v) and not is_total_label(v)]
    if not levels and not any(v.strip() for v in values):
        # No header and nothing printed: a column drawn only because merged cells span it (the
        # 收入预算总表's 项目名称 over a group label and a blank), no column of the table.
        return "blank"
    if any("行次" in level for level in levels):
        return "row-number"
    if filled and all(CODE_CELL.match(v) for v in filled) and (
            set(levels) & CODE_LEVELS or any(CODE_HEADER.search(level) for level in levels)):
        return "code"
    if not filled and (set(levels) & CODE_LEVELS or any(CODE_HEADER.search(level) for level in levels)):
        return "code"
    if any(not is_amount(v) for v in filled):
        return "label"
    if not filled and levels and LABEL_HEADER.search(levels[-1]) and not levels[-1].endswith("支出"):
        return "label"
    return "number"


def assign(group_columns: list[int], header: list[list[str]], catalogue: list[ColumnDef],
           ) -> dict[int, ColumnDef]:
    """Best catalogue column for each grid column of a group, each catalogue column used once."""
    candidates = []
    for column in group_columns:
        levels = header_levels(header, column)
        for definition in catalogue:
            score = max(variant_score(v, levels) for v in definition.headers)
            if score:
                candidates.append((score, column, definition))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    chosen: dict[int, ColumnDef] = {}
    used: set[str] = set()
    for _score, column, definition in candidates:
        if column not in chosen and definition.iri not in used:
            chosen[column] = definition
            used.add(definition.iri)
    return chosen


@dataclass(frozen=True)
class BodyRow:
    cells: list[str]
    """Cell texts, '' where nothing is printed (a merged cell's text only in its first cell)."""
    labels: list[str]
    """Cell texts with merged cells' text in every position they cover (for row labels)."""
    starts: list[bool]
    """True where a cell starts (False where a merged cell from the left or above covers it)."""
    page: int
    row: int
    """1-based row of the grid on its page (the provenance of a number read from a grid)."""


def widen(row: list[str], mapping: list[int], width: int) -> list[str]:
    wide = [""] * width
    for text, column in zip(row, mapping):
        wide[column] = wide[column] or text
    return wide


def widen_covering(row: list[str], mapping: list[int], width: int) -> list[str]:
    """Like widen, but a cell of a continuation grid that draws fewer columns covers every
    column of the first grid up to the next column it draws (支出合计 over the three columns
    功能科目名称 | 金额 | 项目名称 that the first page draws), as a merged cell would."""
    wide = widen(row, mapping, width)
    for k, column in enumerate(mapping[:-1]):
        for covered in range(column + 1, mapping[k + 1]):
            wide[covered] = wide[covered] or row[k]
    return wide


def header_and_body(region: TableRegion) -> tuple[list[list[str]], list[BodyRow]]:
    """Header rows of the first grid and the body rows of all grids, continuations included.

    A continuation grid that repeats the header drops those rows; blank rows are dropped; a
    continuation that draws fewer columns is aligned to the first grid by column edges.
    """
    first_grid = region.grids[0]
    width = len(first_grid.rows[0])
    first = first_grid.covering()
    cut = split_header(first)
    header = first[:cut]
    seen = {tuple(squash(c) for c in row) for row in header}
    body = []
    for index, grid in enumerate(region.grids):
        covering = grid.covering()
        mapping = list(range(width))
        if len(grid.rows[0]) != width:
            mapping = align_columns(first_grid.xs, grid.xs) or mapping
        start = cut if index == 0 else 0
        while index > 0 and start < len(covering) and tuple(squash(c) for c in covering[start]) in seen:
            start += 1
        for r in range(start, len(grid.rows)):
            cells = widen([c or "" for c in grid.rows[r]], mapping, width)
            starts = [bool(s) for s in widen(["x" if c is not None else "" for c in grid.rows[r]],
                                             mapping, width)]
            if not any(c.strip() for c in cells):
                continue
            labels = widen_covering(covering[r], mapping, width)
            if index > 0 and body and body[-1].page < grid.page and r == start \
                    and (column := split_row_rest(body[-1], cells)) is not None:
                body[-1] = joined(body[-1], column, cells[column], labels[column])
                continue
            body.append(BodyRow(cells, labels, starts, grid.page, r + 1))
    return header, body


ROW_START = re.compile(r"^(?:\d{3,7}$|[一二三四五六七八九十]+、|\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)])")


def split_row_rest(previous: BodyRow, cells: list[str]) -> int | None:
    """The column of a row's label that a page break cut off: the first row of a continuation
    page printing one text only, that no row starts with (no number, code or 一、/1. ordinal),
    in a column where the last row of the page before prints its label (八、社会保障和就 /
    业支出; 当年收入 / 小计), that row printing numbers. None where the row is a row of its own."""
    filled = [c for c, text in enumerate(cells) if text.strip()]
    if len(filled) != 1 or not any(is_amount(text) for text in previous.cells):
        return None
    column = filled[0]
    text = squash(cells[column])
    if is_amount(text) or ROW_START.match(text) or not previous.labels[column].strip() \
            or is_amount(previous.labels[column]):
        return None
    return column


def joined(previous: BodyRow, column: int, text: str, label: str) -> BodyRow:
    cells, labels = list(previous.cells), list(previous.labels)
    cells[column] = cells[column] + text
    # The label goes on in every column its cell covers (a merged cell is one label).
    for c, covered in enumerate(previous.labels):
        if covered == previous.labels[column] and (c == column or not previous.starts[c]):
            labels[c] = covered + label
    return BodyRow(cells, labels, previous.starts, previous.page, previous.row)


def group_columns(roles: list[str]) -> list[tuple[ColumnGroup, list[int]]]:
    """Split columns into groups of [codes] label [行次] numbers: a code or label column that
    follows a label or numbers starts the next group (the expenditure side, the next
    economic-code group). A blank column belongs to no group."""
    groups: list[tuple[ColumnGroup, list[int]]] = []
    for column, role in enumerate(roles):
        if role == "blank":
            continue
        current = groups[-1] if groups else None
        if current is None or (role == "code" and (current[0].label_columns or current[1])) \
                or (role == "label" and current[1]):
            current = (ColumnGroup(), [])
            groups.append(current)
        group, numbers = current
        if role == "code":
            group.code_columns.append(column)
        elif role == "label":
            group.label_columns.append(column)
        elif role == "row-number":
            group.row_number_column = column
        else:
            numbers.append(column)
    return groups


def layout_grid(region: TableRegion, path) -> tuple[GridLayout, list[BodyRow]]:
    """The grid's column layout, and its body rows."""
    table = region.definition
    page = region.grids[0].page
    header, body = header_and_body(region)
    width = len(region.grids[0].rows[0])
    roles = [column_role(header_levels(header, column),
                         [row.cells[column] for row in body if column < len(row.cells)])
             for column in range(width)]
    groups = group_columns(roles)
    side_by_side = table.layout == "SideBySideLayout"
    if side_by_side and len(groups) < 2:
        raise TableLayoutError(f"{table.name}: expected income and expenditure side by side, "
                               f"found {len(groups)} column group(s)", path=path, page=page)
    ignored = []
    for index, (group, columns) in enumerate(groups):
        # Income first; every later group is expenditure (Jiangsu prints two: 功能分类, 支出用途).
        side = (INCOME_SIDE if index == 0 else EXPENDITURE_SIDE) if side_by_side else None
        catalogue = [c for c in table.columns if c.side == side]
        group.amounts = assign(columns, header, catalogue)
        for column in columns:
            if column in group.amounts:
                continue
            filled = [row.cells[column] for row in body
                      if column < len(row.cells) and not is_blank(row.cells[column])]
            if filled:
                name = "/".join(header_levels(header, column)) or f"column {column + 1}"
                raise TableLayoutError(f"{table.name}: numbers under an unknown column header "
                                       f"{name!r} (e.g. {filled[0]})", path=path, page=page)
            ignored.append(column)
    ignored += [column for column, role in enumerate(roles) if role == "blank"]
    headers = {c: "/".join(header_levels(header, c)) for c in range(width)}
    return GridLayout(header, headers, [g for g, _ in groups], ignored), body
