"""Find the standard tables of a document that has table grids (PDF): a title line, then the
grids below it, continued on the following pages until the next title or part heading.

A grid on a later page continues the table when it has as many columns as the table's first
grid; a page of the table may also be blank (no text layer), which is recorded by the reader.
"""

from __future__ import annotations

import re

from kg.readers.document import Document, Grid, Line
from kg.recognize.catalogue import TableDef
from kg.recognize.grid_columns import align_columns
from kg.recognize.regions import META_LINE, NOTE_START, PART_HEADING, TABLE_NUMBER, TableRegion, squash

QUOTES = re.compile(r"[“”\"'‘’「」]")
UNIT_LINE = re.compile(r"(?:金额)?单位[：:]\s*(万元|元)")
# A title may be printed after a year or a department name, but not after list numbering (目录).
LIST_NUMBERING = re.compile(r"[、.．]$")


def title_key(text: str) -> str:
    return QUOTES.sub("", squash(text))


def match_title(line: Line, by_title: dict[str, TableDef]) -> TableDef | None:
    key = title_key(line.text)
    if len(key) > 60:
        return None
    # Longest title first: 财政拨款收入支出决算总表 before 收入支出决算总表.
    for title, table in sorted(by_title.items(), key=lambda kv: -len(kv[0])):
        if key.endswith(title):
            prefix = key[: -len(title)]
            if not prefix or (not LIST_NUMBERING.search(prefix) and len(prefix) <= 30
                              and not prefix.endswith(("的", "见", "和"))):
                return table
    return None


def is_table_start(lines: list[Line], i: int, grids: list[Grid]) -> bool:
    """A title is a table's when a unit/department line or a grid follows it closely."""
    title = lines[i]
    for following in lines[i + 1:i + 4]:
        if following.page != title.page:
            break
        if UNIT_LINE.search(following.text) or META_LINE.match(following.text) \
                or TABLE_NUMBER.match(squash(following.text)):
            return True
    return any(g.page == title.page and g.top > (title.top or 0) for g in grids)


def find_grid_tables(document: Document, catalogue: tuple[TableDef, ...]) -> list[TableRegion]:
    by_title = {title_key(t): table for table in catalogue for t in table.titles}
    lines = document.lines()
    grids = [g for page in document.pages for g in page.grids]
    # Reading order of everything that matters: (page, top, kind, object).
    events: list[tuple[int, float, int, object]] = []
    for i, line in enumerate(lines):
        table = match_title(line, by_title)
        if table is not None and is_table_start(lines, i, grids):
            events.append((line.page, line.top or 0.0, 0, (line, table)))
        elif PART_HEADING.match(line.text):
            events.append((line.page, line.top or 0.0, 1, line))
        elif NOTE_START.match(line.text):
            events.append((line.page, line.top or 0.0, 3, line))
        elif UNIT_LINE.search(line.text) or META_LINE.match(line.text):
            events.append((line.page, line.top or 0.0, 4, line))
    for grid in grids:
        events.append((grid.page, grid.top, 2, grid))
    events.sort(key=lambda e: (e[0], e[1], e[2]))

    regions: list[TableRegion] = []
    current: TableRegion | None = None
    for _page, _top, kind, item in events:
        if kind == 0:
            title, table = item
            current = TableRegion(table, title)
            regions.append(current)
        elif kind == 1:
            current = None
        elif current is None:
            continue
        elif kind == 2:
            first = current.grids[0] if current.grids else None
            if first is None or len(item.rows[0]) == len(first.rows[0]) \
                    or align_columns(first.xs, item.xs) is not None:
                current.grids.append(item)
            else:
                current = None  # a grid of another shape: the table has ended
        elif kind == 3 and current.grids:
            current.note.append(item)
        elif kind == 4 and not current.grids and current.meta is None:
            current.meta = item
    return regions
