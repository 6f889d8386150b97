"""Numbers of each real document compared with a golden file written by hand from the document
(tests/cases/<document>/facts.csv): both ways for a complete golden file (every number of every
table), one way (every golden number is extracted, exactly) for a sample of a PDF's numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import case_dirs, load_case

CASES = [load_case(d) for d in case_dirs()]
BASE_KEY = ["table", "code", "item", "measure", "amount"]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c["dir"].name)
def case(request):
    from kg.extract import extract
    from kg.readers import read

    request.param["disclosure"] = extract(read(request.param["path"]))
    return request.param


def extracted_rows(disclosure) -> pd.DataFrame:
    facts = disclosure.facts
    return pd.DataFrame({
        "table": facts["table"],
        "row": facts["row"].map(lambda r: "" if pd.isna(r) else str(int(r))),
        "page": facts["page"].map(str),
        "code": facts["code"], "item": facts["item"], "measure": facts["measure_label"],
        "amount": facts["amount"].map(str),
    })


def test_golden_numbers_are_extracted(case):
    golden = pd.read_csv(case["dir"] / "facts.csv", dtype=str, keep_default_na=False)
    if golden.empty:
        pytest.skip("the document prints no numbers (a blank template)")
    key = BASE_KEY + [c for c in ("row", "page") if c in golden.columns]
    got = extracted_rows(case["disclosure"])
    expected_rows = set(map(tuple, golden[key].values.tolist()))
    got_rows = set(map(tuple, got[key].values.tolist()))
    assert sorted(expected_rows - got_rows) == [], "missing from the extraction"
    if case.get("complete"):
        assert len(got) == len(golden), "row counts differ"
        assert sorted(got_rows - expected_rows) == [], "extracted but not in the golden file"


def test_metadata(case):
    meta = case["disclosure"].metadata
    for field, value in case["metadata"].items():
        assert getattr(meta, field) == value, field
    assert len(meta.source_sha256) == 64


def test_tables_pages_and_empty_tables(case):
    tables = {t.name: t for t in case["disclosure"].tables}
    assert set(tables) == set(case["tables"])
    for name, expected in case["tables"].items():
        assert [tables[name].first_page, tables[name].last_page] == expected["pages"], name
        assert tables[name].empty == expected["empty"], name


def test_amounts_are_decimals_with_printed_precision(case):
    amounts = case["disclosure"].facts["amount"]
    from decimal import Decimal

    assert all(isinstance(a, Decimal) for a in amounts)
