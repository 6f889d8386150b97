"""Narrative claims of the seed 决算 (情况说明): read, linked to the tables, checked.

Real document, real pipeline; the figures below were read off the seed by hand.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from kg.extract.narrative import CLAIM_COLUMNS


@pytest.fixture(scope="module")
def claims(seed_disclosure):
    return seed_disclosure.claims


def one(claims, line: int, kind: str):
    rows = claims[(claims.line == line) & (claims.kind == kind)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_claims_have_the_declared_columns_and_decimal_values(claims):
    assert list(claims.columns) == CLAIM_COLUMNS
    assert len(claims) == 149
    assert all(isinstance(v, Decimal) for v in claims.value)
    assert claims.claim_key.is_unique
    assert set(claims.kind) == {"amount", "share", "change", "rate", "completion", "count"}


def test_numbers_wrapped_over_two_lines_are_read_whole(claims):
    # 财政拨款收入 2\n6256.35 万元 (lines 709/711) and 基本支出 133.8\n5 万元 (721/723).
    income = claims[(claims.subject == "财政拨款收入") & (claims.kind == "amount")].iloc[0]
    assert (income.value, income.line, income.page) == (Decimal("26256.35"), 709, 24)
    basic = claims[(claims.subject == "基本支出") & (claims.kind == "amount")].iloc[0]
    assert basic.value == Decimal("133.85")
    # 年初预算数为 0.0\n0 万元 (777/779) and 完成年初预算的 100.0\n0% (855/857).
    assert one(claims, 777, "amount").value == Decimal("0.00")
    assert one(claims, 855, "completion").value == Decimal("100.00")


def test_a_year_is_never_an_amount(claims):
    assert not any(v in (Decimal(2023), Decimal(2022), Decimal(2024)) for v in claims.value)
    # 单价 100 万元（含）以上设备 is a threshold, not an amount.
    assert not ((claims.value == 100) & (claims.unit == "万元")).any()


def test_kinds_and_relations(claims):
    by_key = claims.set_index("claim_key")
    change = one(claims, 703, "change")
    assert (change.value, change.direction, change.quantity) == (Decimal("28.90"), "decrease", "收、支总计")
    assert by_key.loc[change.relates].value == Decimal("29671.35")
    rate = one(claims, 703, "rate")
    assert rate.relates == change.claim_key and rate.value == Decimal("0.10")
    share = one(claims, 742, "share")  # 占支出合计的 39.24%
    assert share.denominator == "支出合计"
    assert by_key.loc[share.against].value == Decimal("29671.35")
    assert by_key.loc[share.relates].value == Decimal("11643.35")
    item = claims[(claims.line == 795) & (claims.basis == "actual")].iloc[0]
    assert item.quantity == "城乡社区支出（类）城乡社区管理事务（款）行政运行（项）"
    assert item.value == Decimal("116.90")
    completion = one(claims, 764, "completion")
    assert completion.value == Decimal("97.15")
    assert by_key.loc[completion.against].value == Decimal("11985.47")
    assert by_key.loc[completion.relates].value == Decimal("11643.35")
    counts = claims[(claims.kind == "count") & (claims.line == 994)]
    assert list(counts.value) == [9, 9, 9]
    score = one(claims, 963, "amount")
    assert (score.value, score.unit, score.grade) == (Decimal("90"), "分", "优")
