"""Disclosure metadata — department, fiscal year, kind, unit — from every place that prints it.

The places (kg.extract.places) are read in order of how directly they name the disclosure: the
line above a table, the cover, the part headings and 目录, title lines, the 情况说明's opening
words, and last the file name. Each of department, year and kind takes the first place that names
it and records that place as its Evidence; a value given by the user (``--department``, ``--year``,
``--kind``) is taken first. Only when no place names it is the document refused.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from kg.errors import NotADisclosure
from kg.extract.places import Evidence, Places, squash
from kg.readers.document import Line
from kg.recognize import TableRegion

META = re.compile(r"^(?:部门名称|编制单位|单位名称)[：:]\s*(?P<department>\S.*?)\s*"
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
# 部门：X / 编制单位：X / 预算单位：X …; a blank one (编制单位： 单位：元, an empty form) names nobody.
DEPARTMENT_LINE = re.compile(r"(?:部门名称|单位名称|编制部门|编制单位|预算单位|部门)[：:]\s*"
                             r"(?!(?:金\s*额\s*)?单\s*位\s*[：:])([^\s：:]+)")
ORG_SUFFIX = re.compile(r"(局|委员会|委|办公室|办|院|厅|部|会|处|中心|办事处|政府|所|站|馆|队|室|社|署|团|校|学|台)$")
COVER_WORDS = re.compile(r"预算|决算|公开|年度|目录|部分")
# A template's stand-in for the department (上海市普陀区XX单位).
PLACEHOLDER = re.compile(r"XX|ＸＸ|××|xx")
# X 2017 年度部门预算 / 附件：X 2019 年度部门预算公开表 / 第二部分 X 2017 年度部门预算表 (spaces removed)
TITLE = re.compile(r"^(?:第[一二三四五六七八九十]+部分|附件\d*[：:])?(?P<name>[^\d，。；：:、]{2,40}?)"
                   r"(?P<year>(?:19|20)\d{2})年度?(?:区级)?(?:部门|单位)?(?P<kind>预算|决算)")
# 江苏省政协办公厅 2019 年度收入、支出预算总计 …: the 情况说明 opens with who and which year.
PROSE_SUBJECT = re.compile(r"^(?P<name>[^\d，。；：:、（(]{4,30}?)(?P<year>(?:19|20)\d{2})年度?")
FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
FILE_NAME = re.compile(r"(?P<name>[\u4e00-\u9fff（）()]{4,40}?)(?=(?:19|20)\d{2}|$|[-_ ]|(?:部门|单位)?(?:预算|决算))")
KIND_WORDS = {"预算": "budget", "决算": "final"}
DISCLOSURE_TITLE = re.compile(r"部门(预算|决算)|(预算|决算)公开|单位(预算|决算)")


def table_meta(region: TableRegion) -> dict | None:
    """Department, year and unit from the line under a table's title, as far as it prints them."""
    return line_meta(region.meta) if region.meta is not None else None


def line_meta(line: Line) -> dict | None:
    match = META.match(line.text)
    if match:
        return match.groupdict()
    unit = UNIT.search(line.text)
    department = DEPARTMENT_LINE.search(line.text)
    if not unit and not department:
        return None
    return {"department": department.group(1) if department else None, "year": None,
            "unit": unit.group(1) if unit else None}


def is_name(text: str) -> bool:
    """A department's name, not a region's or a phrase: ends like an organisation."""
    return 4 <= len(text) <= 40 and not COVER_WORDS.search(text) and bool(ORG_SUFFIX.search(text))


def department_from_cover(cover: list[str]) -> str | None:
    for text in cover:
        if match := DEPARTMENT_LINE.search(text):
            return match.group(1)
    for text in map(squash, cover):
        name = re.sub(r"部门$", "", text)
        if is_name(name):
            return name
    # The title over one or more lines: 江苏省政协办公厅 2018 年度 | 部门预算公开
    if (match := TITLE.match(squash("".join(cover[:3])))) and is_name(match["name"]):
        return match["name"]
    return None


def cover_name(places: Places) -> tuple[str, int, int] | None:
    """The department's name on the cover, with its page and line."""
    lines = places.cover
    name = department_from_cover([line.text for line in lines])
    if not name:
        return None
    line = next((ln for ln in lines if name in squash(ln.text)), lines[0])
    return name, line.page, line.number


def region_of(department: str) -> str | None:
    printed = REGION.match(department).group(1)
    return printed or None


PAGE_MARK = re.compile(r"^[\s\-—－─]*\d{1,3}[\s\-—－─]*$")


def cover_title(cover: str, department: str) -> str:
    """The cover's words before its date line and its 目录: the document's title as printed (a
    cover whose title is a picture prints only its page number: then the department's name)."""
    before_contents = cover.split("\n")
    ends = [i for i, line in enumerate(before_contents) if squash(line) == "目录"]
    lines = [line for line in before_contents[:ends[0] if ends else None]
             if not CN_MONTH.search(line) and not PAGE_MARK.match(line)]
    return squash("".join(lines)) or department


def published_month(text: str) -> str | None:
    match = CN_MONTH.search(text)
    if not match:
        return None
    year = "".join(CN_DIGITS[c] for c in match.group(1))
    return f"{year}-{CN_MONTHS[match.group(2)]:02d}"


def disclosure_kind_from_cover(places: Places) -> str | None:
    """'budget' or 'final' when the first pages say the document is a disclosure."""
    text = squash(" ".join(line.text for line in places.lines if line.page <= 2))
    match = DISCLOSURE_TITLE.search(text)
    if not match:
        return None
    return "budget" if "预算" in match.group(0) else "final"


# ---------------------------------------------------------------- the places, one reader each

def _evidence(place: str, value: str, line: Line | None, text: str | None = None) -> Evidence:
    return Evidence(place, value, text if text is not None else (line.text.strip() if line else ""),
                    line.page if line else None, line.number if line else None)


def _most_common(found: list[Evidence]) -> Evidence | None:
    """The value most places of one kind agree on, at its first place."""
    if not found:
        return None
    value = Counter(e.value for e in found).most_common(1)[0][0]
    return next(e for e in found if e.value == value)


def _some(evidence: Evidence | None) -> list[Evidence]:
    return [evidence] if evidence is not None else []


def _titled(lines: list[Line], place: str, group: str) -> list[Evidence]:
    found = []
    for line in lines:
        if (match := TITLE.match(squash(line.text))) and (group != "name" or is_name(match["name"])):
            found.append(_evidence(place, match[group], line))
    return found


def department_evidence(places: Places, regions: list[TableRegion]) -> Iterator[Evidence]:
    """Every reading of the department, best place first (read lazily: the first one is used)."""
    tables = [_evidence("table", meta["department"], r.meta) for r in regions
              if (meta := table_meta(r)) and meta.get("department")]
    yield from _some(_most_common(tables))
    if cover := cover_name(places):
        line = next(ln for ln in places.cover if ln.number == cover[2])
        yield _evidence("cover", cover[0], line)
    yield from _some(_most_common(_titled(places.headings + places.contents, "heading", "name")))
    yield from _some(_most_common(_titled(places.lines, "title", "name")))
    prose = [_evidence("prose", m["name"], line) for line in places.narrative
             if (m := PROSE_SUBJECT.match(squash(line.text))) and is_name(m["name"])]
    yield from _some(_most_common(prose))
    for match in FILE_NAME.finditer(places.path.stem):
        if is_name(match["name"]):
            yield Evidence("file-name", match["name"], places.file_name)
            return


def year_evidence(places: Places, regions: list[TableRegion]) -> Iterator[Evidence]:
    """Every reading of the fiscal year, best place first (read lazily: the first one is used)."""
    tables = [_evidence("table", meta["year"], r.meta) for r in regions
              if (meta := table_meta(r)) and meta.get("year")]
    yield from _some(_most_common(tables))
    cover = "\n".join(line.text for line in places.cover)
    if match := YEAR.search(cover) or COVER_YEAR.search(cover):
        line = next((ln for ln in places.cover if match.group(1) in ln.text), None)
        yield _evidence("cover", match.group(1), line)
    titled = [_evidence("title", m.group(1), line) for line in places.table_titles
              if (m := YEAR.match(squash(line.text)))]
    yield from _some(_most_common(titled))
    yield from _some(_most_common(_titled(places.headings + places.contents, "heading", "year")))
    yield from _some(_most_common(_titled(places.lines, "title", "year")))
    if match := FILE_YEAR.search(places.file_name):
        yield Evidence("file-name", match.group(1), places.file_name)


def kind_evidence(places: Places, regions: list[TableRegion]) -> Iterator[Evidence]:
    """Every reading of the kind (budget | final), best place first."""
    if kinds := Counter(r.definition.kind for r in regions):
        region = next(r for r in regions if r.definition.kind == kinds.most_common(1)[0][0])
        yield _evidence("table", region.definition.kind, region.title)
    if cover := disclosure_kind_from_cover(places):
        yield Evidence("cover", cover, "", places.cover[0].page if places.cover else 1)
    if titled := _titled(places.lines, "title", "kind"):
        yield Evidence("title", KIND_WORDS[titled[0].value], titled[0].text, titled[0].page,
                       titled[0].line)
    named = [KIND_WORDS[w] for w in KIND_WORDS if w in places.file_name]
    if len(named) == 1:
        yield Evidence("file-name", named[0], places.file_name)


def read_metadata(places: Places, regions: list[TableRegion], *, department: str | None = None,
                  year: int | None = None, kind: str | None = None) -> dict:
    """The disclosure's metadata and, per field, the Evidence it was taken from."""
    chosen: dict[str, Evidence] = {}
    for field, given, readings, refusal in (
            ("department", department, lambda: department_evidence(places, regions),
             "no department name on the cover, the tables, the headings or the file name "
             "(give it with --department)"),
            ("year", str(year) if year else None, lambda: year_evidence(places, regions),
             "no fiscal year printed on the cover, the tables, the headings or the file name "
             "(give it with --year)"),
            ("kind", kind, lambda: kind_evidence(places, regions),
             "neither 预算 nor 决算 is named (give it with --kind)")):
        found = Evidence("option", given) if given else next(readings(), None)
        if found is None:
            raise NotADisclosure(refusal, path=places.path)
        chosen[field] = found
    metas = [m for m in (table_meta(r) for r in regions) if m]
    units = [m["unit"] for m in metas if m.get("unit")]
    if not units and not regions:
        # No table at all: the unit of the amounts the prose quotes.
        units = ["万元" if "万元" in "".join(ln.text for ln in places.lines) else "元"]
    if not units:
        raise NotADisclosure("no table prints its unit (单位：万元 or 元)", path=places.path)
    name = chosen["department"].value
    cover = "\n".join(line.text for line in places.cover)
    return dict(
        department=name,
        region=region_of(name),
        year=int(chosen["year"].value),
        kind=chosen["kind"].value,
        unit=Counter(units).most_common(1)[0][0],
        title=cover_title(cover, name),
        published=published_month(cover),
        evidence=tuple((field, evidence) for field, evidence in chosen.items()),
    )


def is_placeholder(department: str) -> bool:
    """A blank form's stand-in for the department (上海市普陀区XX单位)."""
    return bool(PLACEHOLDER.search(department))
