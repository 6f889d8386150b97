"""Every number of every table of each real document, compared both ways with a golden file
written by hand from the document (tests/cases/<document>/facts.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import case_dirs, load_case

CASES = [load_case(d) for d in case_dirs()]
KEY = ["table", "row", "code", "item", "measure"]


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
        "code": facts["code"], "item": facts["item"], "measure": facts["measure_label"],
        "amount": facts["amount"].map(str),
    })


def test_every_golden_number_is_extracted_and_nothing_else(case):
    golden = pd.read_csv(case["dir"] / "facts.csv", dtype=str, keep_default_na=False)
    got = extracted_rows(case["disclosure"])
    expected_rows = set(map(tuple, golden[KEY + ["amount"]].values.tolist()))
    got_rows = set(map(tuple, got[KEY + ["amount"]].values.tolist()))
    assert len(got) == len(golden), "row counts differ"
    assert sorted(expected_rows - got_rows) == [], "missing from the extraction"
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
