"""Disclosure metadata from the cover and the tables' 部门名称 lines."""

from __future__ import annotations

import re
from collections import Counter

from kg.errors import NotADisclosure
from kg.readers.document import Document
from kg.recognize import TableRegion
from kg.recognize.regions import squash

META = re.compile(r"^(?:部门名称|编制单位|单位名称)[：:]\s*(?P<department>.+?)\s*"
                  r"(?:(?P<year>\d{4})\s*年度?)?\s*(?:金额)?单位[：:]\s*(?P<unit>万元|元)\s*$")
# Province, then city/prefecture, then district/county, each optional, at the start of a name.
REGION = re.compile(r"^((?:[^省市区县]{2,7}?(?:省|自治区))?(?:[^省市区县]{1,7}?(?:市|自治州|州|盟|地区))?"
                    r"(?:[^省市区县]{1,7}?(?:区|县|自治县|旗|市))?)")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
COVER_YEAR = re.compile(r"^\s*((?:19|20)\d{2})\s*$", re.M)
CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
CN_MONTH = re.compile(r"([〇○Ｏ零一二三四五六七八九]{4})\s*年\s*(十[一二]?|[一二三四五六七八九])\s*月")
CN_MONTHS = {"十": 10, "十一": 11, "十二": 12} | {c: i + 1 for i, c in enumerate("一二三四五六七八九")}


UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元)")
DEPARTMENT_LINE = re.compile(r"(?:部门名称|单位名称|编制部门|编制单位|预算单位|部门)[：:]\s*(\S+?)(?:\s|$)")
ORG_SUFFIX = re.compile(r"(局|委员会|委|办公室|办|院|厅|部|会|处|中心|办事处|政府|所|站|馆|队|室|社|署|团|校|学|台)$")
COVER_WORDS = re.compile(r"预算|决算|公开|年度|目录|部分")


def table_meta(region: TableRegion) -> dict | None:
    """Department, year and unit from the line under a table's title, as far as it prints them."""
    if region.meta is None:
        return None
    match = META.match(region.meta.text)
    if match:
        return match.groupdict()
    unit = UNIT.search(region.meta.text)
    department = DEPARTMENT_LINE.search(region.meta.text)
    if not unit and not department:
        return None
    return {"department": department.group(1) if department else None, "year": None,
            "unit": unit.group(1) if unit else None}


def department_from_cover(cover: list[str]) -> str | None:
    for text in cover:
        if match := DEPARTMENT_LINE.search(text):
            return match.group(1)
    for text in map(squash, cover):
        name = re.sub(r"部门$", "", text)
        if 4 <= len(name) <= 40 and not COVER_WORDS.search(name) and ORG_SUFFIX.search(name):
            return name
    return None


def cover_name(document: Document) -> tuple[str, int, int] | None:
    """The department's name on the cover, with its page and line."""
    lines = document.pages[0].lines if document.pages else []
    name = department_from_cover([line.text for line in lines])
    if not name:
        return None
    line = next((l for l in lines if name in squash(l.text)), lines[0])
    return name, line.page, line.number


def region_of(department: str) -> str | None:
    printed = REGION.match(department).group(1)
    return printed or None


def cover_text(document: Document) -> str:
    return "\n".join(line.text for line in document.pages[0].lines) if document.pages else ""


def cover_title(cover: str, department: str) -> str:
    """The cover's words before its date line: the document's title as printed."""
    lines = [line for line in cover.split("\n") if not CN_MONTH.search(line)]
    return squash("".join(lines)) or department


def published_month(text: str) -> str | None:
    match = CN_MONTH.search(text)
    if not match:
        return None
    year = "".join(CN_DIGITS[c] for c in match.group(1))
    return f"{year}-{CN_MONTHS[match.group(2)]:02d}"


DISCLOSURE_TITLE = re.compile(r"部门(预算|决算)|(预算|决算)公开")


def disclosure_kind_from_cover(document: Document) -> str | None:
    """'budget' or 'final' when the first pages say the document is a disclosure."""
    text = squash(" ".join(line.text for page in document.pages[:2] for line in page.lines))
    match = DISCLOSURE_TITLE.search(text)
    if not match:
        return None
    return "budget" if "预算" in match.group(0) else "final"


def read_metadata(document: Document, regions: list[TableRegion]) -> dict:
    metas = [m for m in (table_meta(r) for r in regions) if m]
    cover = cover_text(document)
    departments = [m["department"] for m in metas if m.get("department")]
    department = (Counter(departments).most_common(1)[0][0] if departments
                  else department_from_cover(cover.split("\n")))
    if not department:
        raise NotADisclosure("no department name on the cover or the tables", path=document.path)
    units = [m["unit"] for m in metas if m.get("unit")]
    if not units and not regions:
        # No table at all: the unit of the amounts the prose quotes.
        units = ["万元" if "万元" in "".join(l.text for l in document.lines()) else "元"]
    if not units:
        raise NotADisclosure("no table prints its unit (单位：万元 or 元)", path=document.path)
    unit = Counter(units).most_common(1)[0][0]
    years = [int(m["year"]) for m in metas if m.get("year")]
    if not years and (match := YEAR.search(cover) or COVER_YEAR.search(cover)):
        years = [int(match.group(1))]
    if not years:
        raise NotADisclosure("no fiscal year printed on the cover or the tables", path=document.path)
    kinds = Counter(r.definition.kind for r in regions)
    return dict(
        department=department,
        region=region_of(department),
        year=Counter(years).most_common(1)[0][0],
        kind=kinds.most_common(1)[0][0] if kinds else disclosure_kind_from_cover(document),
        unit=unit,
        title=cover_title(cover, department),
        published=published_month(cover),
    )
