"""What the extractor returns: a Disclosure — metadata, printed tables and a fact table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kg.extract.contents import ContentsEntry
from kg.extract.names import PrintedName
from kg.extract.narrative import CLAIM_COLUMNS
from kg.extract.performance import PerformanceEvaluation
from kg.extract.places import Evidence
from kg.extract.years import StatedYear

# One row per printed number. Declared once; every stage after extract relies on these names.
FACT_COLUMNS = [
    "table_key",     # catalogue key of the standard table (final-03)
    "table",         # canonical table name (支出决算表)
    "column_key",    # catalogue key of the column within the table (c1, L1, R2)
    "row_key",       # stable key of the row within the table: code, side+行次, 'total' or a hash
    "row",           # printed 行次 (line number) or None
    "code",          # classification code as printed without spaces, or ''
    "classification",  # key of the code's classification ('functional', 'economic-dept') or ''
    "item",          # printed row label, wrapped parts joined
    "measure",       # IRI of the measure concept
    "measure_label",  # canonical column label (本年支出合计)
    "header",        # the column header as printed, levels joined with '/' ('' if not known)
    "fund",          # IRI of the fund-source concept or ''
    "fund_label",    # its label or ''
    "amount",        # decimal.Decimal, as printed (precision kept)
    "unit",          # 万元 or 元, as printed on the table
    "page",          # 1-based page
    "line",          # 1-based line in the source file
]


@dataclass(frozen=True)
class Metadata:
    department: str
    """Department name as printed on the tables' 部门名称 line."""
    region: str | None
    """Administrative region as printed at the start of the department name (洛阳市西工区)."""
    year: int
    kind: str
    """'final' (决算) or 'budget' (预算)."""
    unit: str
    """The unit of the tables (万元 or 元); tables printed in another unit keep their own."""
    title: str
    published: str | None
    """Publication month from the cover (YYYY-MM), if printed."""
    source_path: Path
    source_sha256: str
    part: str = ""
    """'' for a whole disclosure; 'text' for a 文件 that prints none of its tables (附后),
    'tables' for its 公开表 published as a file of their own (no cover, no 情况说明)."""
    evidence: tuple[tuple[str, Evidence], ...] = ()
    """(field, where it was read) for department, year and kind: a cover, a table's line, the
    file name, the user's option (kg.extract.places)."""
    page_first_lines: tuple[int | None, ...] = ()
    """A PDF's first line number on each page (its lines are numbered across the document):
    stored with the source file, so that a page can be read again alone (kg.report)."""

    def evidence_of(self, field: str) -> Evidence | None:
        return next((e for f, e in self.evidence if f == field), None)


@dataclass(frozen=True)
class PrintedTable:
    key: str
    name: str
    printed_title: str
    number: str | None
    first_page: int
    last_page: int
    unit: str
    empty: bool
    """True when the table prints no number at all (本表无数据): recorded, not missing."""
    note: str
    blank_rows: tuple[str, ...] = ()
    """Labels of rows printed without any number."""
    not_read: str = ""
    """Why the table could not be read without guessing ('' when it was read): its numbers are
    not in the facts and its sums are not checked."""
    not_read_page: int | None = None
    not_read_line: int | None = None


@dataclass
class Disclosure:
    metadata: Metadata
    tables: list[PrintedTable]
    facts: pd.DataFrame = field(repr=False)
    reading_notes: list[str] = field(default_factory=list)
    """What could not be read (pages without text, no tables): those parts are not checked."""
    claims: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CLAIM_COLUMNS),
                                 repr=False)
    """Numeric statements of the 情况说明, one row per number (CLAIM_COLUMNS)."""
    evaluations: list[PerformanceEvaluation] = field(default_factory=list)
    """The 部门整体 and 项目 performance self-evaluation tables."""
    contents: list[ContentsEntry] = field(default_factory=list)
    """The standard tables the document's 目录 lists (empty when it prints none of its tables:
    they are published separately, 附后)."""
    names: list[PrintedName] = field(default_factory=list)
    """The department's name where the cover, the part headings and the tables print it."""
    years: list[StatedYear] = field(default_factory=list)
    """Where the document states its own fiscal year: cover, part headings, scope, year-end dates."""

    def __post_init__(self) -> None:
        assert list(self.facts.columns) == FACT_COLUMNS
