"""A code's printed name against the other disclosures of the same store (code.name-elsewhere).

A real document (the seed) and an altered copy of it, as another department, in a real embedded
store: the copy prints 31022 (not in the shipped reference list) as 无形资产购建 instead of
无形资产购置, and 30201 (in the list) as 办公用品费 instead of 办公费.
"""

from __future__ import annotations

import pytest

from conftest import SEED
from kg.ingest import ingest
from kg.validate import Severity, validate, validate_stored

DEPARTMENT = "洛阳市西工区社区治理和服务创新办公室"
OTHER = "洛阳市西工区民政局"


@pytest.fixture()
def altered_copy(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace(DEPARTMENT, OTHER)
    for old, new in (("31022 无形资产购置 0", "31022 无形资产购建 0"),
                     ("30201 办公费 21.81", "30201 办公用品费 21.81")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "altered.txt"
    path.write_text(text, encoding="utf-8")
    return path


def name_findings(report):
    return [f for f in report.findings if f.rule == "code.name-elsewhere"]


def test_a_name_other_documents_print_differently_is_a_warning_naming_them(store, altered_copy):
    results = ingest([SEED, altered_copy], store)
    seed, copy = (r.disclosure for r in results)
    assert seed != copy

    (finding,) = name_findings(validate_stored(store, copy))
    assert finding.severity is Severity.warning
    assert (finding.code, finding.item) == ("31022", "无形资产购建")
    assert f"{DEPARTMENT} 2023 年决算" in finding.message_zh and "无形资产购置" in finding.message_zh
    # Symmetric: the seed is told what the copy prints.
    (finding,) = name_findings(validate_stored(store, seed))
    assert (finding.code, finding.item) == ("31022", "无形资产购置")
    assert f"{OTHER} 2023 年决算" in finding.message_zh


def test_a_code_in_the_reference_list_is_left_to_the_reference_list(store, altered_copy):
    """30201 is in the list: the copy gets code.name-mismatch, and no cross-document finding."""
    ingest([SEED, altered_copy], store)
    copy = ingest([altered_copy], store)[0].disclosure
    report = validate_stored(store, copy)
    assert {f.code for f in name_findings(report)} == {"31022"}
    assert ("30201", Severity.warning) in {(f.code, f.severity) for f in report.findings
                                           if f.rule == "code.name-mismatch"}


def test_ingest_compares_with_what_the_store_already_holds(store, altered_copy):
    """Ingesting the copy after the seed stores the finding with the copy's graph."""
    ingest([SEED], store)
    (result,) = ingest([altered_copy], store)
    assert [f.code for f in name_findings(result.validation)] == ["31022"]


def test_without_a_store_there_is_nothing_to_compare(altered_copy):
    from kg.extract import extract
    from kg.graph import build
    from kg.readers import read

    assert name_findings(validate(build(extract(read(altered_copy))))) == []


def test_the_same_names_give_no_finding(store):
    """The seed against itself re-ingested under no other name: nothing differs."""
    (result,) = ingest([SEED], store)
    assert name_findings(validate_stored(store, result.disclosure)) == []
