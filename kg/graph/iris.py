"""Deterministic IRIs: the same input always mints the same names (no counters, no UUIDs)."""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

BASE = "https://w3id.org/govkg/"
ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
CODES_GRAPH = URIRef(BASE + "graph/codes")
KIND_KEYS = {"final": "final", "budget": "budget"}
TABLE_BASE = BASE + "def/table/"
"""Standard tables (ontology/tables.ttl) and their columns: <TABLE_BASE><key>, <TABLE_BASE><key>-<column>."""


def digest(text: str, length: int = 16) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def normalise_name(name: str) -> str:
    """Department names compare without white space and with full-width brackets."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def department(name: str) -> URIRef:
    return URIRef(f"{BASE}id/department/{digest(normalise_name(name))}")


def region(code: str) -> URIRef:
    """A GB/T 2260 administrative region by its six-digit code."""
    return URIRef(f"{BASE}id/region/{code}")


def unresolved_region(printed: str) -> URIRef:
    """A printed region that matches no GB/T 2260 division (or more than one)."""
    return URIRef(f"{BASE}id/region/printed-{digest(normalise_name(printed))}")


def disclosure(department_name: str, year: int, kind: str, part: str = "") -> URIRef:
    """A department's disclosure of one year and kind; ``part`` (text | tables) for a 文件 and
    its 公开表 published as two files, so that neither replaces the other."""
    dept = digest(normalise_name(department_name))
    return URIRef(f"{BASE}id/disclosure/{dept}/{year}/{KIND_KEYS[kind]}" + (f"/{part}" if part else ""))


def source_file(sha256: str) -> URIRef:
    return URIRef(f"{BASE}id/file/{sha256}")


def printed_table(disclosure_iri: URIRef, table_key: str) -> URIRef:
    return URIRef(f"{disclosure_iri}/table/{table_key}")


def observation(disclosure_iri: URIRef, table_key: str, row_key: str, column_key: str) -> URIRef:
    return URIRef(f"{disclosure_iri}/obs/{table_key}/{row_key}/{column_key}")


SOURCE_LINE = re.compile(r"/source/page-(\d+)/line-(\d+)$")


def source_line(disclosure_iri: URIRef, page: int, line: int) -> URIRef:
    """Where a number was read: a line of the page (text) or a row of the page's grid (PDF).
    The IRI is the record of both (source_page_line reads them back)."""
    return URIRef(f"{disclosure_iri}/source/page-{int(page)}/line-{int(line)}")


def source_page_line(location: str) -> tuple[int, int] | None:
    """(page, line) of a source_line IRI; None for any other IRI."""
    match = SOURCE_LINE.search(location)
    return (int(match.group(1)), int(match.group(2))) if match else None


def scheme(classification: str, year: int) -> URIRef:
    return URIRef(f"{BASE}code/{classification}/{year}")


def code(classification: str, year: int, notation: str) -> URIRef:
    return URIRef(f"{BASE}code/{classification}/{year}/{notation}")


def level(classification: str, year: int, depth: int) -> URIRef:
    return URIRef(f"{BASE}code/{classification}/{year}/level-{depth}")
