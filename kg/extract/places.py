"""Where a document says what it is: one pass that indexes the places printing its department,
fiscal year and kind, read by the metadata, name, year and 目录 readers.

A disclosure names itself in many places, and each form uses others:

- ``table``     the line above a table: 部门名称：… / 部门：… / 编制单位：… 单位：万元;
- ``cover``     the first page, when it names a 预算 or 决算: its title lines and a 预算单位：… line;
- ``heading``   the part headings after the 目录 (第二部分 江苏省政协办公厅 2017 年度部门预算表);
- ``contents``  the 目录's entries (第二部分 2019 年度部门预算表);
- ``title``     a title line anywhere (附件：江苏省政协办公厅 2019 年度部门预算公开表), and the tables'
                own titles (2019年政府采购预算表);
- ``prose``     the 情况说明's sentences that open with the department and the year
                (江苏省政协办公厅 2019 年度收入、支出预算总计 …);
- ``file-name`` the file's own name, the last evidence.

Each reader takes the first place that names what it needs, and says which (Evidence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.contents import CONTENTS, entry_like
from kg.extract.narrative import narrative_lines, rejoin_baselines
from kg.readers.document import Document, Line
from kg.recognize import TableRegion

PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Evidence:
    """What one place of the document (or the user) says the disclosure is."""

    place: str
    """table | cover | heading | contents | title | prose | file-name | option."""
    value: str
    text: str = ""
    """The words that say it, as printed (the file name for ``file-name``)."""
    page: int | None = None
    line: int | None = None


@dataclass
class Places:
    """The lines of a document that say what it is, found once."""

    path: Path
    lines: list[Line]
    """Every line in reading order, numbers printed on their own baseline put back."""
    raw: list[Line] = field(default_factory=list)
    """Every line as read (for the paragraph readers, which put the baselines back themselves)."""
    cover: list[Line] = field(default_factory=list)
    """The first page's lines, unless a table starts there."""
    contents: list[Line] = field(default_factory=list)
    """The entries of the first 目录."""
    headings: list[Line] = field(default_factory=list)
    """Part headings (第…部分) printed after the 目录."""
    table_lines: list[Line] = field(default_factory=list)
    """The 部门：/单位： line printed above each table."""
    table_titles: list[Line] = field(default_factory=list)
    """Each table's title line, as printed."""
    narrative: list[Line] = field(default_factory=list)
    """The 情况说明 (编制说明) lines."""

    @property
    def file_name(self) -> str:
        return self.path.name


def contents_lines(lines: list[Line]) -> list[Line]:
    """The entries of the first 目录: from its heading to where the body's prose begins."""
    start = next((i for i, line in enumerate(lines) if CONTENTS.match(squash(line.text))), None)
    if start is None:
        return []
    entries = []
    for line in lines[start + 1:]:
        if not entry_like(line.text):
            break
        entries.append(line)
    return entries


def index(document: Document, regions: list[TableRegion] = ()) -> Places:
    """Every place of the document that may say its department, year or kind."""
    raw = document.lines()
    lines = rejoin_baselines(raw)
    first = document.pages[0].number if document.pages else None
    # A tables-only file (公开表 published apart from the 文件) starts with its first table: no cover.
    starts_with_table = any(r.title.page == first for r in regions)
    cover = [] if starts_with_table else [line for line in lines if line.page == first]
    contents = contents_lines(raw)
    listed = {(line.page, line.number) for line in contents}
    headings = [line for line in lines if PART_HEADING.match(line.text.strip())
                and (line.page, line.number) not in listed]
    return Places(
        path=Path(document.path), lines=lines, raw=raw, cover=cover, contents=contents, headings=headings,
        table_lines=[r.meta for r in regions if r.meta is not None],
        table_titles=[r.title for r in regions], narrative=narrative_lines(document))
