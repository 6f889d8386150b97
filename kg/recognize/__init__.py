"""Recognize the standard tables of a Document and check that their columns are the catalogue's.

``recognize(document)`` returns one TableRegion per printed table, in reading order. A table's
columns are trusted only when its printed header contains every column label of the catalogue
and its column-number line counts as many columns; otherwise the table cannot be read without
guessing and its ``problem`` (a TableLayoutError) says why. A table printed twice with the same
cells is one table; printed again with other cells, the second printing is such a problem.
"""

from __future__ import annotations

from kg.errors import TableLayoutError
from kg.readers.document import Document
from kg.recognize.catalogue import EXPENDITURE_SIDE, INCOME_SIDE, ColumnDef, TableDef, load_catalogue
from kg.recognize.grids import find_grid_tables
from kg.recognize.regions import TableRegion, column_groups, find_tables, squash

__all__ = ["recognize", "load_catalogue", "TableRegion", "TableDef", "ColumnDef",
           "INCOME_SIDE", "EXPENDITURE_SIDE"]


def variant_printed(variant: tuple[str, ...], header: str) -> bool:
    return all(squash(part) in header for part in variant)


def printed_columns(region: TableRegion, path) -> list[ColumnDef]:
    """The catalogue columns whose header the printed (text) header contains, checked against
    the count of the column-number line (栏次), side by side where the table has two sides."""
    table = region.definition
    header = squash("".join(line.text for line in region.header))
    sides = table.sides
    printed = {side: [c for c in table.side_columns(side)
                      if any(variant_printed(v, header) for v in c.headers)] for side in sides}
    if region.column_line is not None:
        groups = column_groups(region.column_line)
        counts = [len(g) for g in groups] if len(sides) > 1 else [sum(len(g) for g in groups)]
        expected = [len(printed[side]) for side in sides]
        if counts != expected:
            names = "; ".join(", ".join(c.measure_label for c in printed[s]) for s in sides)
            raise TableLayoutError(f"{table.name}: {counts} numbered columns printed, but the "
                                   f"header names {expected} known columns ({names})", path=path,
                                   page=region.column_line.page, line=region.column_line.number)
    elif not all(printed.values()):
        raise TableLayoutError(f"{table.name}: header names none of the catalogue's columns",
                               path=path, page=region.title.page, line=region.title.number)
    return [c for side in sides for c in printed[side]]


def recognize(document: Document) -> list[TableRegion]:
    """The printed standard tables, in reading order: from grids when the document has them
    (PDF, spreadsheet), else from its text lines."""
    catalogue = load_catalogue()
    has_grids = any(page.grids for page in document.pages)
    regions = find_grid_tables(document, catalogue) if has_grids else find_tables(document, catalogue)
    seen: dict[str, TableRegion] = {}
    found = []
    for region in regions:
        key = region.definition.key
        if key in seen:
            if region.printed() == seen[key].printed():
                continue  # the same table printed again (a 文件 and its 附件)
            region.problem = TableLayoutError(
                f"{region.definition.name} is printed twice with other numbers (first on page "
                f"{seen[key].title.page})", path=document.path, page=region.title.page,
                line=region.title.number)
        else:
            seen[key] = region
        found.append(region)
        if not region.grids and region.problem is None:
            try:
                region.columns = printed_columns(region, document.path)
            except TableLayoutError as error:
                region.problem = error
    return found
