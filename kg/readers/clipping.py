"""Which characters of a PDF page are not shown: outside the clip path of their text object, or
outside the page.

pdfplumber (pdfminer) reads every character the content stream draws, shown or not. A text box
that runs over two pages is drawn whole on each, clipped to the part that page shows (Word and
WPS export 编制说明 that way): the text layer then holds each line twice, once hidden. pdfium knows
each text object's clip path; this module asks it, with pypdfium2's raw API, for the characters
drawn outside their object's clip (or outside the page) and gives their origins, so the PDF
reader can drop the same characters from pdfplumber's.

A clip path is taken as the intersection of its paths' bounding boxes: exact for the rectangles
these documents clip to, generous (a character kept) for other shapes. Only objects drawn on the
page itself are judged; text inside a Form XObject is kept (its clip is in the form's space —
untested, no corpus document needs it).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF user space

# A character's box may poke out of its clip by rounding: judge its centre, with this slack.
SLACK = 0.5


@dataclass(frozen=True)
class HiddenChar:
    """A character pdfium finds drawn outside what its page shows."""

    text: str
    x: float
    """Origin of the glyph (PDF user space, from the media box's corner, as pdfminer gives it)."""
    y: float


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _intersect(a: Box, b: Box) -> Box:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _inside(x: float, y: float, box: Box) -> bool:
    return box[0] - SLACK <= x <= box[2] + SLACK and box[1] - SLACK <= y <= box[3] + SLACK


def clip_box(raw, page_object, page_box: Box, cache: dict) -> Box:
    """The part of the page that a page object's clip path lets through.

    Objects drawn in one clipped state share their clip's path data, so the box is cached by the
    address of each path's first point (valid while the page is open): reading every point of
    every object's clip took 1 s on a 33-page document."""
    clip = raw.FPDFPageObj_GetClipPath(page_object)
    if not clip:
        return page_box
    paths = range(raw.FPDFClipPath_CountPaths(clip))
    key = tuple(_address(raw.FPDFClipPath_GetPathSegment(clip, path, 0)) for path in paths)
    if key not in cache:
        box = page_box
        x, y = ctypes.c_float(), ctypes.c_float()
        for path in paths:
            xs, ys = [], []
            for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
                raw.FPDFPathSegment_GetPoint(raw.FPDFClipPath_GetPathSegment(clip, path, index), x, y)
                xs.append(x.value)
                ys.append(y.value)
            if xs:
                box = _intersect(box, (min(xs), min(ys), max(xs), max(ys)))
        cache[key] = box
    return cache[key]


def partly_hidden_objects(raw, page, page_box: Box) -> dict[int, Box]:
    """Text objects drawn (at least partly) outside what they show: address → the box shown."""
    found: dict[int, Box] = {}
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes: dict = {}
    for index in range(raw.FPDFPage_CountObjects(page)):
        page_object = raw.FPDFPage_GetObject(page, index)
        if raw.FPDFPageObj_GetType(page_object) != raw.FPDF_PAGEOBJ_TEXT:
            continue
        if not raw.FPDFPageObj_GetBounds(page_object, left, bottom, right, top):
            continue
        shown = clip_box(raw, page_object, page_box, boxes)
        if not (_inside(left.value, bottom.value, shown) and _inside(right.value, top.value, shown)):
            found[_address(page_object)] = shown
    return found


def hidden_chars(pdf_page) -> list[HiddenChar]:
    """The characters of a pypdfium2 page drawn outside their clip path or outside the page."""
    import pypdfium2.raw as raw

    if pdf_page.get_rotation():
        return []  # pdfminer turns a rotated page's coordinates; untested, keep every character
    media = pdf_page.get_mediabox()
    page_box = _intersect(pdf_page.get_bbox(), media)
    objects = partly_hidden_objects(raw, pdf_page.raw, page_box)
    if not objects:
        return []
    textpage = pdf_page.get_textpage()
    found = []
    box, x, y = raw.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    for index in range(raw.FPDFText_CountChars(textpage.raw)):
        shown = objects.get(_address(raw.FPDFText_GetTextObject(textpage.raw, index)))
        if shown is None or not raw.FPDFText_GetLooseCharBox(textpage.raw, index, box):
            continue
        if _inside((box.left + box.right) / 2, (box.top + box.bottom) / 2, shown):
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        found.append(HiddenChar(chr(raw.FPDFText_GetUnicode(textpage.raw, index)),
                                x.value - media[0], y.value - media[1]))
    textpage.close()
    return found
