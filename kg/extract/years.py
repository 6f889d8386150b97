"""Where the document states its own fiscal year (document.fiscal-year, shapes/narrative.ttl).

Four places say which year the disclosure is of:

- ``cover``   the cover's title: "2023 年度 … 决算公开", "上海市普陀区2025年区级部门预算";
- ``heading`` a part heading of the form 20XX年度…部门决算/预算…: "第二部分 2023 年度部门决算表",
  "2025年部门预算编制说明" (the 目录 prints them too);
- ``scope``   the sentence naming the disclosure's scope: "纳入本部门2019年部门汇总预算编制范围的预算单位";
- ``date``    in a 决算's 情况说明, the year-end it describes: "截至2024年12月31日", "2023 年期末，".

Every other year is left alone, as real documents name them for good reasons: a 决算 compares with
the year before (与2022年度相比) and prints its publication date (二〇二四年九月); a 预算 compares
with the previous budget (比2024年预算增加) and counts its vehicles at a date before its year
begins (截至2024年8月31日), so a budget's dates are not read at all. Table titles
(2025年部门收入预算总表) are document.table-year's.

Some PDFs print the digits on a baseline of their own ("年度部门决算" over "2024"): the lines are
put back together as the 情况说明 reader does (narrative.rejoin_baselines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.contents import LEADER
from kg.extract.narrative import paragraphs, squash
from kg.extract.places import Places
from kg.readers.document import Line

YEAR = r"((?:19|20)\d{2})"
# A title's year: 2023年度, 2025年; not a month's (2024年8月 on a cover is its publication date).
COVER = re.compile(YEAR + r"年度?(?!\d{1,2}月)")
# No digit or punctuation between the ordinal and the year: a heading, not a sentence.
WORDS = r"[^\d，。；：,;:、]*?"
HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)?" + WORDS + YEAR
                     + r"年度?(?:区级)?部门(?:决算|预算)(?:表|情况(?:说明)?|编制说明)?$")
SCOPE = re.compile(r"纳入[^，。；]{0,30}?" + YEAR + r"\s*年\s*度?\s*部\s*门\s*(?:汇\s*总\s*)?"
                   r"(?:决\s*算|预\s*算)\s*编\s*制\s*范\s*围")
# 截至2024年12月31日 / 截止 2023 年底; or a clause that opens with the year-end (2023 年期末，).
DATE = re.compile(r"(?:截\s*[至止]\s*(?:到\s*)?" + YEAR + r"\s*年\s*(?:12\s*月\s*31\s*日|期\s*末|末|底))"
                  r"|(?:(?:^|(?<=[。；，：]))\s*" + YEAR + r"\s*年\s*期?\s*末\s*(?=[，,]))")


@dataclass(frozen=True)
class StatedYear:
    """A year the document states as its own fiscal year, where it states it."""

    place: str
    """cover | heading | scope | date."""
    year: int
    text: str
    """The words that state it, as printed (spaces dropped)."""
    page: int
    line: int


def cover_year(lines: list[Line]) -> StatedYear | None:
    """The first page's title year, when that page names a 预算 or 决算 (a cover)."""
    if not any(re.search(r"预\s*算|决\s*算", line.text) for line in lines):
        return None
    for line in lines:
        if match := COVER.search(squash(line.text)):
            return StatedYear("cover", int(match[1]), squash(line.text), line.page, line.number)
    return None


def heading_years(lines: list[Line]) -> list[StatedYear]:
    found = []
    for line in lines:
        text = LEADER.sub("", squash(line.text))
        if match := HEADING.match(text):
            found.append(StatedYear("heading", int(match[1]), text, line.page, line.number))
    return found


def prose_years(lines: list[Line], pattern: re.Pattern, place: str) -> list[StatedYear]:
    """The years a pattern finds in paragraphs (wrapped lines joined), at the line they start on."""
    found = []
    for _, paragraph in paragraphs(lines):
        for match in pattern.finditer(paragraph.text):
            line = paragraph.line_at(match.start())
            year = next(group for group in match.groups() if group)
            found.append(StatedYear(place, int(year), squash(match[0]).lstrip("。；，："),
                                    line.page, line.number))
    return found


def read_years(places: Places, kind: str) -> list[StatedYear]:
    """Where the document states its fiscal year; ``kind`` (final | budget) decides the dates."""
    cover = cover_year(places.cover)
    years = [cover] if cover else []
    first = places.cover[0].page if places.cover else 1
    years += heading_years([line for line in places.lines if line.page > first])
    years += prose_years(places.raw, SCOPE, "scope")
    if kind == "final":
        years += prose_years(places.narrative, DATE, "date")
    return years
