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
CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
CN_MONTH = re.compile(r"([〇○Ｏ零一二三四五六七八九]{4})\s*年\s*(十[一二]?|[一二三四五六七八九])\s*月")
CN_MONTHS = {"十": 10, "十一": 11, "十二": 12} | {c: i + 1 for i, c in enumerate("一二三四五六七八九")}


def table_meta(region: TableRegion) -> dict | None:
    if region.meta is None:
        return None
    match = META.match(region.meta.text)
    return match.groupdict() if match else None


def region_of(department: str) -> str | None:
    printed = REGION.match(department).group(1)
    return printed or None


def cover_text(document: Document) -> str:
    return "\n".join(line.text for line in document.pages[0].lines) if document.pages else ""


def published_month(text: str) -> str | None:
    match = CN_MONTH.search(text)
    if not match:
        return None
    year = "".join(CN_DIGITS[c] for c in match.group(1))
    return f"{year}-{CN_MONTHS[match.group(2)]:02d}"


def read_metadata(document: Document, regions: list[TableRegion]) -> dict:
    metas = [m for m in (table_meta(r) for r in regions) if m]
    if not metas:
        raise NotADisclosure("no table prints a 部门名称 … 单位 line; cannot tell the department",
                             path=document.path)
    department = Counter(m["department"] for m in metas).most_common(1)[0][0]
    unit = Counter(m["unit"] for m in metas).most_common(1)[0][0]
    years = [int(m["year"]) for m in metas if m["year"]]
    cover = cover_text(document)
    if not years and (match := YEAR.search(cover)):
        years = [int(match.group(1))]
    if not years:
        raise NotADisclosure("no fiscal year printed on the cover or the tables", path=document.path)
    kinds = Counter(r.definition.kind for r in regions)
    return dict(
        department=department,
        region=region_of(department),
        year=Counter(years).most_common(1)[0][0],
        kind=kinds.most_common(1)[0][0],
        unit=unit,
        title=squash(cover.split("\n二〇")[0]) if cover else department,
        published=published_month(cover),
    )
