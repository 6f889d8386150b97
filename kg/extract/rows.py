"""Read the rows of a table body, one reader per gk:Layout of the catalogue.

Each reader turns the body's lines into Cells: one printed number with its row (code, label,
行次) and its catalogue column. In text extracted from a PDF a blank cell leaves no trace, so a
row whose count of numbers does not match its columns cannot be aligned: that is an error,
never a guess. Every body line is either consumed or reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kg.errors import TableLayoutError
from kg.numbers import is_amount, is_code, parse_amount
from kg.readers.document import Line
from kg.recognize import EXPENDITURE_SIDE, INCOME_SIDE, ColumnDef, TableRegion

TOTAL_LABELS = ("合计", "总计")


@dataclass(frozen=True)
class Cell:
    column: ColumnDef
    amount: Decimal
    line: Line
    item: str
    code: str = ""
    row: int | None = None
    """Printed 行次, for tables that number their lines."""
    header: str = ""
    """The column's header as printed (levels joined with '/'), where the layout shows it."""


@dataclass
class RowsRead:
    cells: list[Cell]
    blank_rows: list[str]


def layout_error(region: TableRegion, line: Line, message: str, path) -> TableLayoutError:
    return TableLayoutError(f"{region.definition.name}: {message}: {line.text!r}",
                            path=path, page=line.page, line=line.number)


# ---------------------------------------------------------------- code tree (科目代码 | 科目名称 | numbers)

@dataclass
class _PendingRow:
    code: str
    parts: list[str]
    first: Line

    @property
    def label(self) -> str:
        return "".join(self.parts)


def read_code_tree(region: TableRegion, path) -> RowsRead:
    columns = region.side_columns(None)
    cells: list[Cell] = []
    blank: list[str] = []
    pending: _PendingRow | None = None

    def close(row: _PendingRow, amounts: list[str], line: Line) -> None:
        if not amounts:
            blank.append(row.label if not row.code else f"{row.code} {row.label}")
            return
        if len(amounts) != len(columns):
            raise layout_error(region, line, f"{len(amounts)} numbers for {len(columns)} "
                               "columns; blank cells cannot be placed", path)
        for column, token in zip(columns, amounts):
            cells.append(Cell(column, parse_amount(token), line, row.label, row.code))

    for line in region.body:
        tokens = line.text.split()
        starts_code = is_code(tokens[0]) and (len(tokens) == 1 or not is_amount(tokens[1])
                                               or len(tokens) - 1 == len(columns))
        if pending is None or (starts_code and pending.parts):
            if pending is not None:
                close(pending, [], pending.first)
            if starts_code:
                pending, tokens = _PendingRow(tokens[0], [], line), tokens[1:]
            elif is_amount(tokens[0]):
                raise layout_error(region, line, "numbers without a row label", path)
            else:
                pending = _PendingRow("", [], line)
        split = len(tokens)
        while split > 0 and is_amount(tokens[split - 1]):
            split -= 1
        pending.parts.extend(tokens[:split])
        if split < len(tokens):
            close(pending, tokens[split:], line)
            pending = None
    if pending is not None:
        close(pending, [], pending.first)
    return RowsRead(cells, blank)


# ---------------------------------------------------------------- side by side (收入 | 支出)

def _side_parses(tokens: list[str], next_left: int, next_right: int | None,
                 n_left: int, n_right: int):
    """Every way to read a line as [label] 行次 [amounts] [label] 行次 [amounts].

    A side's 行次 is known in advance (its rows are numbered consecutively), which is what
    tells an empty left row ("30 61") from a left amount.
    """
    for i, token in enumerate(tokens):
        if token != str(next_left) or any(is_amount(t) for t in tokens[:i]):
            continue
        rest = tokens[i + 1:]
        for n_amounts in range(min(n_left, len(rest)) + 1):
            left_amounts = rest[:n_amounts]
            if not all(is_amount(t) for t in left_amounts):
                continue
            right = rest[n_amounts:]
            if not right:
                yield tokens[:i], left_amounts, [], None, []
                continue
            for j, token_r in enumerate(right):
                if any(is_amount(t) for t in right[:j]) or not token_r.isdigit():
                    continue
                if next_right is not None and int(token_r) != next_right:
                    continue
                if next_right is None and int(token_r) <= next_left:
                    continue
                amounts = right[j + 1:]
                if len(amounts) <= n_right and all(is_amount(t) for t in amounts):
                    yield tokens[:i], left_amounts, right[:j], int(token_r), amounts


def read_side_by_side(region: TableRegion, path) -> RowsRead:
    left = region.side_columns(INCOME_SIDE)
    right = region.side_columns(EXPENDITURE_SIDE)
    cells: list[Cell] = []
    blank: list[str] = []
    next_left, next_right = 1, None

    def add(columns: list[ColumnDef], label: list[str], row: int, amounts: list[str], line: Line):
        item = "".join(label)
        if not amounts:
            if item:
                blank.append(item)
            return
        if len(amounts) != len(columns):
            raise layout_error(region, line, f"{len(amounts)} numbers for {len(columns)} "
                               "columns; blank cells cannot be placed", path)
        for column, token in zip(columns, amounts):
            cells.append(Cell(column, parse_amount(token), line, item, row=row))

    for line in region.body:
        tokens = line.text.split()
        parses = list(_side_parses(tokens, next_left, next_right, len(left), len(right)))
        # Prefer reading the right side's 行次 when the line can be read with it.
        with_right = [p for p in parses if p[3] is not None]
        parses = with_right or parses
        if len(parses) != 1:
            problem = "cannot find 行次 " + str(next_left) if not parses else "ambiguous line"
            raise layout_error(region, line, problem, path)
        l_label, l_amounts, r_label, r_row, r_amounts = parses[0]
        add(left, l_label, next_left, l_amounts, line)
        next_left += 1
        if r_row is not None:
            add(right, r_label, r_row, r_amounts, line)
            next_right = r_row + 1
    return RowsRead(cells, blank)


# ---------------------------------------------------------------- economic groups (code name amount) × n

def read_economic_groups(region: TableRegion, path) -> RowsRead:
    (column,) = region.side_columns(None)
    cells: list[Cell] = []
    for line in region.body:
        tokens = line.text.split()
        i = 0
        while i < len(tokens):
            code = ""
            if is_code(tokens[i]) and i + 1 < len(tokens) and not is_amount(tokens[i + 1]):
                code, i = tokens[i], i + 1
            start = i
            while i < len(tokens) and not is_amount(tokens[i]):
                i += 1
            if i == start or i == len(tokens):
                raise layout_error(region, line, "expected 科目代码 科目名称 决算数 groups", path)
            cells.append(Cell(column, parse_amount(tokens[i]), line, "".join(tokens[start:i]), code))
            i += 1
    return RowsRead(cells, [])


# ---------------------------------------------------------------- column grid (one line of numbers)

def read_column_grid(region: TableRegion, path) -> RowsRead:
    columns = region.side_columns(None)
    tokens = [(token, line) for line in region.body for token in line.text.split()]
    if not tokens:
        return RowsRead([], [])
    bad = [(t, line) for t, line in tokens if not is_amount(t)]
    if bad:
        raise layout_error(region, bad[0][1], f"unexpected text {bad[0][0]!r} among the numbers", path)
    if len(tokens) != len(columns):
        raise layout_error(region, tokens[-1][1], f"{len(tokens)} numbers for {len(columns)} "
                           "columns; blank cells cannot be placed", path)
    return RowsRead([Cell(c, parse_amount(t), line, c.item or "")
                     for c, (t, line) in zip(columns, tokens)], [])


READERS = {
    "CodeTreeLayout": read_code_tree,
    "SideBySideLayout": read_side_by_side,
    "EconomicGroupsLayout": read_economic_groups,
    "ColumnGridLayout": read_column_grid,
}


def read_rows(region: TableRegion, path) -> RowsRead:
    if region.grids:
        from kg.extract.grid_rows import read_grid

        return read_grid(region, path)
    return READERS[region.definition.layout](region, path)
