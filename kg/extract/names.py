"""Where the document prints its department's name: the cover, the part headings (第一部分 …概况,
also as the 目录 lists them) and each table's 部门名称 line. The check that they name the same
department (shapes/narrative.ttl, document.department-name) allows the variants real documents
print: a trailing 本级 or （部门）, the region prefix written or left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.places import Places

# 第一部分 上海市普陀区财政局概况 / 第二部分 上海市普陀区财政局 年度部门决算表
HEADING = re.compile(r"^第[一二三四五六七八九十]+部分\s*(?P<name>\S.*?)\s*(?:\d{4}\s*)?(?:年度?)?\s*"
                     r"(?:部门)?(?:概况|(?:决算|预算)表|(?:决算|预算)情况说明)$")
# 上海市普陀区人民政府万里街道办事处（部门）主要职能 (Shanghai budgets)
SECTION = re.compile(r"^(?P<name>\S+?(?:（部门）)?)(?:主要职能|机构设置)$")
ORG_SUFFIX = re.compile(r"(局|委员会|委|办公室|办|院|厅|部|会|处|中心|办事处|政府|所|站|馆|队|室|社|署|团|校)$")
# A table's 部门名称 line as read, up to where the unit begins (单 位 ：万元, spaced out).
UNIT_TAIL = re.compile(r"\s*(?:金\s*额\s*)?单\s*位\s*[：:].*$")


@dataclass(frozen=True)
class PrintedName:
    """The department's name as printed in one place."""

    role: str
    """cover | heading | table."""
    name: str
    page: int
    line: int


def clean(name: str) -> str:
    return re.sub(r"\s+", "", UNIT_TAIL.sub("", name))


def heading_names(places: Places) -> list[PrintedName]:
    found = []
    for line in places.raw:
        match = HEADING.match(line.text.strip()) or SECTION.match(line.text.strip())
        if match and ORG_SUFFIX.search(re.sub(r"（部门）$", "", name := clean(match["name"]))):
            found.append(PrintedName("heading", name, line.page, line.number))
    return found


def read_names(places: Places, cover: tuple[str, int, int] | None,
               tables: list[tuple[str, int, int]]) -> list[PrintedName]:
    """The names printed on the cover (name, page, line), in the headings and on the tables."""
    names = [PrintedName("cover", clean(cover[0]), cover[1], cover[2])] if cover else []
    names += heading_names(places)
    names += [PrintedName("table", clean(name), page, line) for name, page, line in tables if name]
    return names
