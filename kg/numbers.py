"""Printed amounts: thousands separators, explicit zeros, negatives. Always Decimal."""

from __future__ import annotations

import re
from decimal import Decimal

AMOUNT = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")


def is_amount(token: str) -> bool:
    return bool(AMOUNT.match(token))


def is_code(token: str) -> bool:
    """A classification code: 3, 5 or 7 digits (类/款/项), no separators."""
    return bool(CODE.match(token))


def parse_amount(token: str) -> Decimal:
    """'8,228.35' → Decimal('8228.35'); the printed number of decimals is kept ('5.00')."""
    return Decimal(token.replace(",", "").replace("−", "-"))
