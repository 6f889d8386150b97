"""The document's own table of contents (目录): which standard tables it says it prints.

A 目录 entry names a table as the document titles it ("六、一般公共预算财政拨款基本支出决算明细表",
"1. 2025年部门财务收支预算总表 ……", "七、财政拨款 三公 经费支出决算表" with the quotes on their own
baseline). An entry is a standard table when, without its ordinal, year, leading 部门, quotes,
spaces, dot leaders and page number, it equals one of that table's title variants in
ontology/tables.ttl (treated the same way). Exact equality only: "七、财政拨款“三公”经费支出决算情况
说明" is a section, not the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTENTS = re.compile(r"^目录$")
ORDINAL = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\d+\s*[.．、]|[（(][一二三四五六七八九十\d]+[）)])")  # noqa: E501
LEADER = re.compile(r"[.．…·]{2,}.*$")
PAGE_ONLY = re.compile(r"^(?:\d{1,4}|[─—－-]\s*\d{1,3}\s*[─—－-]|[“”\"]+)$")


@dataclass(frozen=True)
class ContentsEntry:
    """A standard table the 目录 lists."""

    table_key: str
    """Catalogue key (final-06, budget-09)."""
    printed: str
    """The entry as printed."""
    page: int
    line: int


def normalise(title: str) -> str:
    text = re.sub(r"[\s“”\"‘’']", "", title)
    text = LEADER.sub("", text)
    text = ORDINAL.sub("", text)
    text = re.sub(r"^\d{4}年度?", "", text)
    return re.sub(r"^部门", "", text)


def entry_like(text: str) -> bool:
    squashed = re.sub(r"\s", "", text)
    return bool(ORDINAL.match(squashed) or LEADER.search(squashed) or PAGE_ONLY.match(squashed)
                or re.fullmatch(r"\d{4}", squashed))


def read_contents(places, kind: str) -> list[ContentsEntry]:
    """The standard tables of ``kind`` (final | budget) the document's first 目录 lists
    (``places``: kg.extract.places.Places, which found the 目录's entries)."""
    from kg.recognize.catalogue import load_catalogue

    titles = {normalise(title): table.key for table in load_catalogue() if table.kind == kind
              for title in (table.name, *table.titles)}
    found: dict[str, ContentsEntry] = {}
    for line in places.contents:
        key = titles.get(normalise(line.text))
        if key and key not in found:
            found[key] = ContentsEntry(key, line.text.strip(), line.page, line.number)
    return list(found.values())
