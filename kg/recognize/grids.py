"""Find the standard tables of a document that has table grids (PDF): a title line, then the
grids below it, continued on the following pages until the next title or part heading.

A grid on a later page continues the table when it has as many columns as the table's first
grid; a page of the table may also be blank (no text layer), which is recorded by the reader.
A page that repeats the table's title (and header) over the rest of its rows continues it too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.readers.document import Document, Grid, Line
from kg.recognize.catalogue import TableDef
from kg.recognize.grid_columns import align_columns, is_total_label, split_header
from kg.recognize.regions import META_LINE, NOTE_START, PART_HEADING, TABLE_NUMBER, TableRegion, squash

QUOTES = re.compile(r"[“”\"'‘’「」]")
UNIT_LINE = re.compile(r"(?:金额)?单位[：:]\s*(万元|元)")
# A title may be printed after a year, a department name or list numbering (一、); after list
# numbering it may also be an entry of the table of contents.
LIST_NUMBERING = re.compile(r"[、.．]$")
PAGE_NUMBER = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$")


def title_key(text: str) -> str:
    return QUOTES.sub("", squash(text))


def match_title(key: str, by_title: dict[str, TableDef]) -> tuple[TableDef, str] | None:
    """The table whose title the (squashed) text ends with, and the text printed before it.

    Only the longest title the text ends with is tried: 四、财政拨款收支预算总表 is the
    财政拨款收支预算总表 or nothing, never the 收支预算总表 with a prefix 四、财政拨款.
    """
    if len(key) > 60:
        return None
    title = max((t for t in by_title if key.endswith(t)), key=len, default=None)
    if title is None:
        return None
    prefix = key[: -len(title)]
    if len(prefix) > 30 or prefix.endswith(("的", "见", "和")):
        return None
    return by_title[title], prefix


def is_page_number(line: Line) -> bool:
    return bool(PAGE_NUMBER.match(line.text))


def following_lines(lines: list[Line], end: int, count: int = 3) -> list[Line]:
    """The lines after lines[end - 1]: on its page, or at the top of the next page when the
    title is the last thing printed on its page (page numbers aside)."""
    title = lines[end - 1]
    after = []
    for line in lines[end:]:
        if line.page == title.page and is_page_number(line):
            continue
        if line.page != title.page and (after or line.page != title.page + 1):
            break
        after.append(line)
        if len(after) == count:
            break
    return after


def followed_by_unit_line(lines: list[Line], end: int) -> bool:
    return any(UNIT_LINE.search(line.text) or META_LINE.match(line.text)
               or TABLE_NUMBER.match(squash(line.text)) for line in following_lines(lines, end))


def is_table_start(lines: list[Line], start: int, end: int, grids: list[Grid], strict: bool) -> bool:
    """A title (lines[start:end]) is a table's when a unit/department line or a grid follows it
    closely. A title after list numbering (一、) or wrapped over lines is also how a table of
    contents or a sentence prints it: those need the unit/department line."""
    if followed_by_unit_line(lines, end):
        return True
    title = lines[end - 1]
    return not strict and any(g.page == title.page and g.top > (title.top or 0) for g in grids)


def find_title(lines: list[Line], i: int, by_title: dict[str, TableDef], grids: list[Grid]
               ) -> tuple[TableDef, int] | None:
    """The table whose title starts at lines[i], and the index after the title's last line. A
    title may wrap over up to three lines of its page (一般公共预算“三公”经费、会议费、培训费支出预
    / 算表); a wrapped title is tried only where the first line is no title by itself, and it
    must begin on that line."""
    for end in range(i + 1, min(i + 4, len(lines) + 1)):
        if lines[end - 1].page != lines[i].page:
            break
        found = match_title(title_key("".join(line.text for line in lines[i:end])), by_title)
        # A wrapped title begins on its first line: the text before it lies within that line.
        if found is not None and len(found[1]) < len(title_key(lines[i].text)):
            table, prefix = found
            strict = end > i + 1 or bool(LIST_NUMBERING.search(prefix))
            return (table, end) if is_table_start(lines, i, end, grids, strict) else None
    return None


def find_grid_tables(document: Document, catalogue: tuple[TableDef, ...]) -> list[TableRegion]:
    by_title = {title_key(t): table for table in catalogue for t in table.titles}
    lines = document.lines()
    grids = [g for page in document.pages for g in page.grids]
    # Reading order of everything that matters: (page, top, kind, object).
    events: list[tuple[int, float, int, object]] = []
    title_end = 0
    for i, line in enumerate(lines):
        found = find_title(lines, i, by_title, grids) if i >= title_end else None
        if found is not None:
            table, title_end = found
            # A wrapped title is one title line: its lines' text joined, at its first line.
            title = replace(line, text="".join(part.text for part in lines[i:title_end]))
            events.append((line.page, line.top or 0.0, 0, (title, table)))
        elif i < title_end:
            continue  # the second line of a wrapped title
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
    repeated: TableRegion | None = None  # a title printed again over the next page's part
    for _page, _top, kind, item in events:
        if repeated is not None and kind in (0, 1, 2):
            if kind == 2 and continues(current, item):
                current.grids.append(item)
                repeated = None
                continue
            regions.append(repeated)
            current, repeated = repeated, None
        if kind == 0:
            title, table = item
            if current is not None and current.grids and table.key == current.definition.key \
                    and title.page == current.grids[-1].page + 1:
                repeated = TableRegion(table, title)
                continue
            current = TableRegion(table, title)
            regions.append(current)
        elif kind == 1:
            current = None
        elif current is None or repeated is not None:
            continue
        elif kind == 2:
            if not current.grids or same_columns(current.grids[0], item):
                current.grids.append(item)
            else:
                current = None  # a grid of another shape: the table has ended
        elif kind == 3 and current.grids:
            current.note.append(item)
        elif kind == 4 and not current.grids and current.meta is None:
            current.meta = item
    if repeated is not None:
        regions.append(repeated)
    for region in regions:
        join_wrapped_name(region, lines)
    return regions


WRAPPED_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,20}$")


def join_wrapped_name(region: TableRegion, lines: list[Line]) -> None:
    """A 部门名称 cell printed without its unit may wrap its name onto a second line above the grid
    (部门名称：江苏省人大 / 单位:万元 / 常委会办公厅): the name is the two lines' text."""
    meta = region.meta
    if meta is None or not region.grids or UNIT_LINE.search(meta.text) or meta.top is None:
        return
    grid = region.grids[0]
    between = [line for line in lines if line.page == meta.page == grid.page and line.top is not None
               and meta.top < line.top < grid.top and not UNIT_LINE.search(line.text)
               and not TABLE_NUMBER.match(squash(line.text))]
    if len(between) == 1 and WRAPPED_NAME.match(squash(between[0].text)):
        region.meta = replace(meta, text=meta.text.rstrip() + squash(between[0].text))


def same_columns(first: Grid, grid: Grid) -> bool:
    return len(grid.rows[0]) == len(first.rows[0]) or align_columns(first.xs, grid.xs) is not None


def continues(region: TableRegion, grid: Grid) -> bool:
    """Whether a grid under a repeated title is the rest of the table: drawn with the table's
    columns, and going on with its rows rather than starting again at a 合计/总计 row (a table
    is totalled once, on its first page; a second printing starts with its total again)."""
    first = region.grids[0]
    if not same_columns(first, grid):
        return False
    header = {tuple(squash(c) for c in row) for row in first.covering()[:split_header(first.covering())]}
    body = [row for row in grid.covering() if tuple(squash(c) for c in row) not in header and any(row)]
    if not body:
        return True
    label = next(c for c in body[0] if c)
    return not is_total_label(label)
