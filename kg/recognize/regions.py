"""Find the standard tables in a Document's lines and cut each into title, header, body and note.

A table starts at a line whose text (white space removed) is one of a catalogue table's title
variants and that is followed by its number (公开01表) or its 部门名称 line; a table-of-contents
entry ("一、收入支出决算总表") therefore is not a table. A table ends where the next one starts, or
at a part heading (第三部分). The header runs to the column-number line (栏次 1 2 …); the body to the
first 注：/说明： line; the rest is the table's note. Tables continue over pages without repeating
their header in the text we read, so a region simply spans pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import TableLayoutError
from kg.readers.document import Document, Grid, Line
from kg.recognize.catalogue import ColumnDef, TableDef

TABLE_NUMBER = re.compile(r"^公开\s*(\d{1,2})\s*表$")
META_LINE = re.compile(r"^(部门名称|编制单位|单位名称)[：:]")
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
NOTE_START = re.compile(r"^(注|说明|备注)\s*[：:]")
COLUMN_NUMBERS = re.compile(r"^(栏次)?[\d\s栏次]+$")
FIRST_ROW = re.compile(r"^(\d{3}(\d{2}){0,2}\s|合计|总计|-?[\d,]+(\.\d+)?(\s|$))")


def squash(text: str) -> str:
    """Text with all white space removed, for comparing wrapped labels."""
    return re.sub(r"\s+", "", text)


@dataclass
class TableRegion:
    """The lines of one printed standard table."""

    definition: TableDef
    title: Line
    number: str | None = None
    """The printed table number (公开 NN 表), if printed."""
    meta: Line | None = None
    header: list[Line] = field(default_factory=list)
    column_line: Line | None = None
    body: list[Line] = field(default_factory=list)
    note: list[Line] = field(default_factory=list)
    columns: list[ColumnDef] = field(default_factory=list)
    """The catalogue columns this printed table has, in printed order per side."""
    grids: list[Grid] = field(default_factory=list)
    """For documents with table grids (PDF): the grids of this table, continuations included."""
    problem: TableLayoutError | None = None
    """Why the table cannot be read without guessing, when recognition already tells."""

    def side_columns(self, side: str | None) -> list[ColumnDef]:
        return [c for c in self.columns if c.side == side]

    def printed(self) -> tuple:
        """What the table prints (cell texts, or body lines), to tell a reprint from a rival."""
        if self.grids:
            return tuple(tuple(squash(c or "") for c in row) for g in self.grids for row in g.rows)
        return tuple(squash(line.text) for line in self.body)

    @property
    def pages(self) -> tuple[int, int]:
        pages = [line.page for line in (self.title, *self.header, *self.body, *self.note)]
        pages += [grid.page for grid in self.grids]
        return min(pages), max(pages)


def column_groups(line: Line) -> list[list[int]] | None:
    """Column numbers of a 栏次 line, one list per 栏次 group; None if the line is not one."""
    text = line.text
    if not COLUMN_NUMBERS.match(text) or not re.search(r"\d", text):
        return None
    groups = [re.findall(r"\d+", part) for part in re.split(r"栏次", text)]
    groups = [[int(n) for n in g] for g in groups if g]
    flat = [n for g in groups for n in g]
    # A column-number line counts 1, 2, 3 … (per side it may restart); a data line of zeros does not.
    if flat[0] != 1 or any(b != a + 1 for g in groups for a, b in zip(g, g[1:])):
        return None
    if "栏次" not in text and len(flat) < 2:
        return None
    return groups


def find_titles(lines: list[Line], catalogue: tuple[TableDef, ...]) -> list[tuple[int, TableDef]]:
    by_title = {squash(title): table for table in catalogue for title in table.titles}
    found = []
    for i, line in enumerate(lines):
        table = by_title.get(squash(line.text))
        if table is None:
            continue
        following = lines[i + 1:i + 3]
        if any(TABLE_NUMBER.match(squash(n.text)) or META_LINE.match(n.text) for n in following):
            found.append((i, table))
    return found


def cut_region(lines: list[Line], definition: TableDef, path) -> TableRegion:
    region = TableRegion(definition, lines[0])
    rest = lines[1:]
    if rest and (m := TABLE_NUMBER.match(squash(rest[0].text))):
        region.number = m.group(1).zfill(2)
        rest = rest[1:]
    if rest and META_LINE.match(rest[0].text):
        region.meta, rest = rest[0], rest[1:]
    # The header ends at the column-number line (栏次 1 2 …); tables that print none (the
    # basic-expenditure table) end it before the first row that starts with a code or a number.
    end = next((i for i, line in enumerate(rest) if column_groups(line) is not None), None)
    if end is not None:
        region.header, region.column_line, rest = rest[:end], rest[end], rest[end + 1:]
    else:
        end = next((i for i, line in enumerate(rest) if FIRST_ROW.match(line.text)), None)
        if end is None:
            raise TableLayoutError(f"{definition.name}: cannot tell the header from the rows",
                                   path=path, page=lines[0].page, line=lines[0].number)
        region.header, rest = rest[:end], rest[end:]
    for i, line in enumerate(rest):
        if NOTE_START.match(line.text):
            region.body, region.note = rest[:i], rest[i:]
            break
    else:
        region.body = rest
    return region


def find_tables(document: Document, catalogue: tuple[TableDef, ...]) -> list[TableRegion]:
    lines = document.lines()
    starts = find_titles(lines, catalogue)
    regions = []
    for n, (start, table) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        for j in range(start + 1, end):
            if PART_HEADING.match(lines[j].text):
                end = j
                break
        try:
            regions.append(cut_region(lines[start:end], table, document.path))
        except TableLayoutError as error:
            regions.append(TableRegion(table, lines[start], problem=error))
    return regions
