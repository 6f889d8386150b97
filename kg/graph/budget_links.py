"""The table cell a budget's (预算) prose restates.

A budget's 情况说明 states budget amounts only, in its own words: "收入、支出预算总计", "省检察院本年
支出预算合计", "基本支出预算数为", "财政拨款收、支总预算", "检察（款）行政运行（项）支出". The quantity is
first reduced to the words that name the cell (without ordinals, the department's short name,
本年 and the word 预算 where it does not belong to 一般公共预算), then matched to a row of the
budget table set by name, or to a code of the 财政拨款支出预算表 (or 一般公共预算支出表) by its
类/款/项 names. Tested on the Jiangsu 2019 budgets and on the Shanghai budgets' 编制说明 (items named
by a quoted code chain, 一般公共预算支出表) and 其他相关情况说明 (the “三公” table's columns).
"""

from __future__ import annotations

import re

import pandas as pd

# (quantity pattern, table, printed row label) — the first row label the table prints wins.
ROWS = (
    (r"^(?:收入、?支出|收、?支)总计$", "budget-01", ("收入总计", "收入合计"), "L"),
    (r"^收入(?:总计)?$", "budget-01", ("收入总计", "收入合计"), "L"),
    (r"^支出(?:总计)?$", "budget-01", ("支出总计", "支出合计"), "R"),
    (r"^财政拨款收入$", "budget-01", ("财政拨款收入",), "L"),
    (r"^一般公共预算收入$", "budget-01", ("一般公共预算", "一般公共预算收入"), "L"),
    (r"^财政拨款收入总计$|^财政拨款收、?支总计$", "budget-04", ("收入总计", "收入合计"), "L"),
    (r"^收入合计$", "budget-02", ("收入总计", "合计"), ""),
    (r"^支出合计$", "budget-03", ("本年支出合计", "合计"), ""),
    (r"^(基本支出|项目支出|单位预留机动经费)$", "budget-03", ("{0}",), ""),
    (r"^预留机动经费$", "budget-03", ("单位预留机动经费",), ""),
    (r"^财政拨款支出$", "budget-10", ("合计",), ""),
    (r"^财政拨款支出$", "budget-04", ("支出总计", "支出合计"), "R"),  # Shanghai: no 财政拨款支出预算表
    (r"^一般公共预算(?:财政)?拨款支出$", "budget-05", ("合计",), ""),
    (r"^(?:一般公共预算)?财政拨款基本支出$", "budget-06", ("合计",), ""),
    (r"^(因公出国（境）费|公务接待费|公务用车运行维护费)(?:支出)?$", "budget-09", ("{0}",), ""),
    (r"^公务用车购置及运行(?:维护)?费(?:支出)?$", "budget-09", ("公务用车购置及运行维护费",), ""),
    (r"^(?:一般公共预算拨款安排的)?(会议费|培训费)(?:支出)?$", "budget-09", ("{0}",), ""),
    (r"^三公经费$", "budget-09", ("合计",), ""),
    (r"^公务用车(购置|运行)费$", "budget-09", ("公务用车{0}费", "公务用车{0}维护费"), ""),
    # …万里街道办事处（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费
    (r"^(?:.*财政拨款的)?机关运行经费$", "budget-09", ("机关运行经费",), ""),
)
CODE_TABLES = ("budget-10", "budget-05")
CHAIN = re.compile(r"^(?:(?P<lei>[^（]+?)（类）)?(?:(?P<kuan>[^（]+?)（款）)?(?:(?P<xiang>[^（]+?)（项）)?$")


def budget_quantity(quantity: str) -> str:
    """The words of a budget statement that name its cell."""
    # 其它行政事业单位养老支出 in the prose, 其他… in the table
    text = re.sub(r"[“”\s]", "", quantity).replace("(", "（").replace(")", "）").replace("其它", "其他")
    text = re.sub(r"^（[一二三四五六七八九十]+）", "", text)
    # 省检察院本年收入预算合计, 上海市普陀区财政局收入预算: the department's name goes
    text = re.sub(r"^\S*?(?:院|局|厅|办公室|办事处|委员会)(?=本年|收入|支出)", "", text)
    text = re.sub(r"^本年", "", text)
    text = text.replace("总预算", "总计")
    text = re.sub(r"(?<!公共)预算数?", "", text)
    return text


def _label(item: str) -> str:
    """Row labels print an ordinal (一、 or 1.): compare without it."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[.．、])", "", item.replace(" ", ""))


def find_budget_fact(facts: pd.DataFrame, claim) -> pd.Series | None:
    """The budget table cell the claim restates, or None."""
    if claim.kind != "amount" or claim.unit != "万元" or claim.basis == "previous-year":
        return None  # last year's execution is no cell of this budget
    quantity = budget_quantity(claim.quantity)
    for pattern, table, labels, side in ROWS:
        match = re.match(pattern, quantity)
        if not match:
            continue
        rows = facts[facts.table_key == table]
        if side:
            rows = rows[rows.row_key.str.startswith(side)]
        for label in labels:
            wanted = label.format(*match.groups())
            # 支出预算总表 prints one row: its columns name the cells (基本支出, 项目支出 …)
            found = rows[(rows.item.map(_label) == wanted)
                         | ((rows.item == "") & (rows.measure_label == wanted))]
            found = total_column(found)
            if len(found) == 1:
                return found.iloc[0]
    return find_budget_code(facts, quantity)


TOTAL_MEASURES = ("本年支出合计", "合计", "预算数")


def total_column(rows: pd.DataFrame) -> pd.DataFrame:
    """Of a row printed in several columns (本年支出合计, 基本支出, 项目支出), its total column."""
    if len(rows) <= 1:
        return rows
    for measure in TOTAL_MEASURES:
        if (rows.measure_label == measure).sum() == 1:
            return rows[rows.measure_label == measure]
    return rows


def find_budget_code(facts: pd.DataFrame, quantity: str) -> pd.Series | None:
    """公共安全（类）支出, 检察（款）行政运行（项）支出, 社会保障和就业支出: a row of the 财政拨款支出预算表
    (else the 一般公共预算支出表) by the names of its code, the 类 named with or without 支出."""
    text = re.sub(r"(?<=（[类款项]）)支出$", "", quantity)
    chain = CHAIN.match(text)
    if not chain or not any(chain.groupdict().values()):
        chain = None
    for table in CODE_TABLES:
        rows = facts[(facts.table_key == table) & (facts.code != "")]
        if rows.empty:
            continue
        names = dict(zip(rows.code, rows.item.map(_label)))
        if chain is None:  # a bare 类 name: 社会保障和就业支出
            found = [c for c, n in names.items() if len(c) == 3 and n == text]
        else:
            wanted = {3: chain["lei"], 5: chain["kuan"], 7: chain["xiang"]}
            deepest = max(n for n, name in wanted.items() if name)
            found = [c for c in names if len(c) == deepest and all(
                names.get(c[:n]) in (name, f"{name}支出") for n, name in wanted.items() if name)]
        if len(found) == 1:
            cells = total_column(rows[rows.code == found[0]])
            return cells.iloc[0] if len(cells) == 1 else None
    return None
