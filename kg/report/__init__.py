"""Report: one self-contained HTML page for people who do not read JSON — per disclosure what was
read, every finding with the printed page beside it, and charts. No server, no network: styles,
scripts, page images and charts are inside the file.

    from kg.report import disclosure_views, write_report
    write_report(disclosure_views(["a.pdf", "b.pdf"]), "report.html")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.extract import Disclosure
from kg.readers.document import Document
from kg.validate import DocumentReport

__all__ = ["DisclosureView", "disclosure_views", "write_report"]


@dataclass
class DisclosureView:
    """What the report shows of one file: the document as read (for its page images), what was
    extracted from it, and its validation report."""

    path: Path
    document: Document | None
    disclosure: Disclosure | None
    report: DocumentReport


def disclosure_views(paths: list[str | Path], **options: Any) -> list[DisclosureView]:
    """Read, extract, build and validate each file, as `govkg validate` does; a file that cannot
    be read is a view with its error (shown as not read, never as passed)."""
    from kg.errors import GovkgError
    from kg.extract import extract
    from kg.graph import build
    from kg.readers import read
    from kg.validate import validate

    views = []
    for path in map(Path, paths):
        try:
            document = read(path)
            disclosure = extract(document, **options)
            report = validate(build(disclosure), source=str(path))
        except GovkgError as error:
            views.append(DisclosureView(path, None, None, DocumentReport("", str(path), error=str(error))))
            continue
        views.append(DisclosureView(path, document, disclosure, report))
    return views


def write_report(views: list[DisclosureView], output: str | Path) -> Path:
    """Write the views as one HTML file; its path."""
    from kg.report.page import render

    output = Path(output)
    output.write_text(render(views), encoding="utf-8")
    return output
