"""Numbers of each real document compared with a golden file written by hand from the document
(tests/cases/<document>/facts.csv): both ways for a complete golden file (every number of every
table), one way (every golden number is extracted, exactly) for a sample of a PDF's numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import case_dirs, extracted, load_case
from kg.recognize.grid_columns import normalise

CASES = [load_case(d) for d in case_dirs()]
BASE_KEY = ["table", "code", "item", "measure", "amount"]


@pytest.fixture(scope="module", params=CASES, ids=lambda c: c["dir"].name)
def case(request):

    request.param["disclosure"] = extracted(request.param["path"])
    return request.param


def extracted_rows(disclosure) -> pd.DataFrame:
    facts = disclosure.facts
    return pd.DataFrame({
        "table": facts["table"],
        "row": facts["row"].map(lambda r: "" if pd.isna(r) else str(int(r))),
        "page": facts["page"].map(str),
        "code": facts["code"], "item": facts["item"], "measure": facts["measure_label"],
        "header": facts["header"], "amount": facts["amount"].map(str),
    })


def test_golden_numbers_are_extracted(case):
    golden = pd.read_csv(case["dir"] / "facts.csv", dtype=str, keep_default_na=False)
    if golden.empty:
        pytest.skip("the document prints no numbers (a blank template)")
    key = BASE_KEY + [c for c in ("row", "page") if c in golden.columns]
    got = extracted_rows(case["disclosure"])
    if case.get("measure") == "printed":
        # Budget golden files name a column by one level of its printed header (预算数,
        # 一般公共预算 …), or by 预算数 where the header names none: a golden row matches a fact
        # with the same other fields whose printed header has that level, or that measure.
        others = [k for k in key if k != "measure"]
        levels: dict[tuple, list[set[str]]] = {}
        for row in got.itertuples(index=False):
            levels.setdefault(tuple(getattr(row, k) for k in others), []).append(
                set(row.header.split("/")) | {row.measure})
        missing = [row for row in golden[key].itertuples(index=False)
                   if not any(normalise(row.measure) in ls
                              for ls in levels.get(tuple(getattr(row, k) for k in others), []))]
        assert missing == [], "missing from the extraction"
        return
    expected_rows = set(map(tuple, golden[key].values.tolist()))
    got_rows = set(map(tuple, got[key].values.tolist()))
    assert sorted(expected_rows - got_rows) == [], "missing from the extraction"
    if case.get("complete"):
        assert len(got) == len(golden), "row counts differ"
        assert sorted(got_rows - expected_rows) == [], "extracted but not in the golden file"


@pytest.mark.parametrize("row_case", [c for c in CASES if (c["dir"] / "rows.csv").exists()],
                         ids=lambda c: c["dir"].name)
def test_rows_without_numbers_are_recognised(row_case):
    """A blank template prints rows but no numbers: every row must still be read (as blank)."""

    rows = pd.read_csv(row_case["dir"] / "rows.csv", dtype=str, keep_default_na=False)
    tables = extracted(row_case["path"]).tables
    blank = {(t.name, r) for t in tables for r in t.blank_rows}
    missing = [(row.table, row.code, row.item) for row in rows.itertuples()
               if (row.table, f"{row.code} {row.item}".strip()) not in blank]
    assert missing == []


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
