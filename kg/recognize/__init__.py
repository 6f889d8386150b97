"""Recognize the standard tables of a Document and check that their columns are the catalogue's.

``recognize(document)`` returns one TableRegion per printed table, in reading order. A table's
columns are trusted only when its printed header contains every column label of the catalogue
and its column-number line counts as many columns; otherwise the table cannot be read without
guessing and a TableLayoutError names it.
"""

from __future__ import annotations

from kg.errors import TableLayoutError
from kg.readers.document import Document
from kg.recognize.catalogue import EXPENDITURE_SIDE, INCOME_SIDE, ColumnDef, TableDef, load_catalogue
from kg.recognize.regions import TableRegion, column_groups, find_tables, squash

__all__ = ["recognize", "load_catalogue", "TableRegion", "TableDef", "ColumnDef",
           "INCOME_SIDE", "EXPENDITURE_SIDE"]


def check_columns(region: TableRegion, path) -> None:
    table = region.definition
    header = squash("".join(line.text for line in region.header))
    missing = [c.header for c in table.columns if squash(c.header) not in header]
    if missing:
        raise TableLayoutError(f"{table.name}: header lacks column(s) {', '.join(missing)}",
                               path=path, page=region.title.page, line=region.title.number)
    if region.column_line is None:
        return
    groups = column_groups(region.column_line)
    sides = [INCOME_SIDE, EXPENDITURE_SIDE] if table.layout == "SideBySideLayout" else [None]
    expected = [len(table.side_columns(side)) for side in sides]
    printed = [len(g) for g in groups] if len(sides) > 1 else [sum(len(g) for g in groups)]
    if printed != expected:
        raise TableLayoutError(f"{table.name}: {printed} numbered columns printed, catalogue "
                               f"expects {expected}", path=path, page=region.column_line.page,
                               line=region.column_line.number)


def recognize(document: Document) -> list[TableRegion]:
    regions = find_tables(document, load_catalogue())
    seen: dict[str, TableRegion] = {}
    for region in regions:
        key = region.definition.key
        if key in seen:
            raise TableLayoutError(f"{region.definition.name} is printed twice (first on page "
                                   f"{seen[key].title.page})", path=document.path,
                                   page=region.title.page, line=region.title.number)
        seen[key] = region
        check_columns(region, document.path)
    return regions
