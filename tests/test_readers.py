"""The text reader on the seed document and on bad input."""

from __future__ import annotations

import pytest

from conftest import SEED
from kg.errors import UnreadableInput
from kg.readers import read


def test_pages_follow_markers_and_indented_page_starts():
    document = read(SEED)
    first_lines = {page.number: page.lines[0].text for page in document.pages}
    assert first_lines[1] == "2023 年度"
    assert first_lines[7] == "收入支出决算总表"  # indented first line: a new page
    assert first_lines[9].startswith("总计 31 29,671.35")  # the "- 9 -" marker starts page 9
    assert first_lines[22] == "财政拨款“三公”经费支出决算表"
    assert [p.number for p in document.pages] == list(range(1, len(document.pages) + 1))


def test_lines_keep_source_line_numbers():
    document = read(SEED)
    raw = SEED.read_text(encoding="utf-8").splitlines()
    for line in document.lines():
        assert raw[line.number - 1].strip() == line.text


def test_gbk_text_reads_the_same(tmp_path):
    copy = tmp_path / "seed-gbk.txt"
    copy.write_bytes(SEED.read_text(encoding="utf-8").encode("gbk"))
    gbk = read(copy)
    assert gbk.encoding == "gb18030"
    assert [ln.text for ln in gbk.lines()] == [ln.text for ln in read(SEED).lines()]


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"%PDF-1.4\x00\x01\x02binary", "binary file"),
    (b"\xff\xfe\xfd\x80\x80 not text", "not UTF-8 or GBK"),
])
def test_bad_input_is_named(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableInput) as error:
        read(path)
    assert message in str(error.value)
    assert str(path) in str(error.value)


def test_unsupported_suffix_and_missing_file(tmp_path):
    odd = tmp_path / "report.docx"
    odd.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnreadableInput, match="unsupported file type"):
        read(odd)
    with pytest.raises(UnreadableInput, match="no such file"):
        read(tmp_path / "missing.txt")
