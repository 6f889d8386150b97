"""Reader for text extracted from a disclosure PDF (one .txt file per document).

Page breaks are not form feeds in such text. The extractor that produced the files we have
prints a page-number marker (``- 9 -``) at the start of some pages and, on the others, starts
the page's first line with white space. Both are read as a page start: a marker gives the page
its printed number; an indented first line gives it the previous number + 1.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from kg.errors import UnreadableInput
from kg.readers.document import Document, Line, Page

PAGE_MARKER = re.compile(r"^\s*[-－—]\s*(\d{1,4})\s*[-－—]\s*$")
# Encodings tried in order; GB18030 is a superset of GBK and GB2312, common for Chinese text.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding) or raise UnreadableInput naming the problem."""
    if not data.strip():
        raise UnreadableInput("empty file", path=path)
    if b"\x00" in data[:65536]:
        raise UnreadableInput("binary file, not text (found NUL bytes)", path=path)
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableInput("not UTF-8 or GBK/GB18030 text", path=path)


def split_pages(text: str) -> list[Page]:
    pages: list[Page] = []
    current: Page | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        marker = PAGE_MARKER.match(raw)
        if marker:
            current = Page(int(marker.group(1)))
            pages.append(current)
            continue
        indented = raw[0].isspace()
        if current is None or (indented and current.lines):
            current = Page(pages[-1].number + 1 if pages else 1)
            pages.append(current)
        current.lines.append(Line(raw.strip(), number, current.number))
    return [page for page in pages if page.lines]


def read_text(path: Path) -> Document:
    data = path.read_bytes()
    text, encoding = decode(data, path)
    return Document(path=path, sha256=hashlib.sha256(data).hexdigest(), format="text",
                    pages=split_pages(text), encoding=encoding)
