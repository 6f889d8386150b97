"""Performance self-evaluations (绩效自评表): 部门整体绩效自评表 and each 项目绩效自评表.

For each evaluation: its name, the budget line (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分,
in the order the header prints them), each scored part (资金管理情况 parts and every 绩效指标 with its
一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差度) and 总分 (分值, 得分). A grade is kept
when the table prints one; otherwise the builder derives it from 总分.

The seed prints these tables as text lines (not grids): a scored indicator line ends with
"分值 得分 偏差度%"; its names may wrap onto the lines before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.readers.document import Document, Line

NUM = r"-?\d+(?:\.\d+)?"
BLOCK_START = re.compile(r"^(?:部门整体(?:绩效)?自评表|项目(?:单位|支出)?(?:绩效)?自评表)$")
PART_END = re.compile(r"^(?:第[一二三四五六七八九十]+部分|名词解释)")
FUNDS = re.compile(rf"^(?:部门预算总额|年度资金总额)[^\d]*?((?:\s*(?:{NUM}|-)){{6}})\s*$")
HEADER = re.compile(r"年初预算数.*全年预算数.*全年执行数")
INDICATOR = re.compile(rf"^(?P<head>.*?)\s*(?P<weight>{NUM})\s+(?P<score>{NUM})\s+(?P<deviation>{NUM}\s*%)\s*(?P<note>.*)$")  # noqa: E501
PAIR = re.compile(rf"^(?P<weight>{NUM})\s+(?P<score>{NUM})$")
TOTAL = re.compile(rf"^总分\s+(?P<max>{NUM})\s+(?P<score>{NUM})\s*(?P<grade>[优良中差])?")
GRADE = re.compile(r"(?:自评)?等级\s*[:：]?\s*([优良中差])")
LEVEL1 = ("成本指标", "产出指标", "效益指标", "满意度指标", "投入管理指标", "满意度", "投入指标",
          "过程指标", "资金管理情况")
UNITS = ("万元", "元", "人", "个", "次", "户", "天", "年", "月", "%", "项", "家", "辆", "台", "套", "平方米")
COLUMNS = {"年初预算数": "initial_budget", "全年预算数": "adjusted_budget", "全年执行数": "executed",
           "分值": "budget_weight", "执行率": "execution_rate", "得分": "budget_score"}


@dataclass(frozen=True)
class Indicator:
    """One scored part of an evaluation: a 资金管理 part or a 绩效指标."""

    level1: str
    """一级指标 (产出指标, 效益指标 …) or 资金管理情况."""
    level2: str
    """二级指标 where printed (数量指标), else ''."""
    name: str
    """三级指标 (or the 资金管理 part: 安排科学性), wrapped lines joined."""
    target: str
    """年度指标值 as printed (≥96%, 16 人), '' for a 资金管理 part."""
    actual: str
    """实际完成值 as printed."""
    weight: Decimal
    """分值."""
    score: Decimal
    """得分."""
    deviation: str
    """偏差度 as printed (0.00%)."""
    page: int
    line: int


# A 年度指标值 or 实际完成值 that is a number: "≥96%", "≤3.33 万元", "16 人", "0种".
MEASURED = re.compile(r"^(?P<bound>≥|≤|>=|<=|=|＝)?(?P<number>\d+(?:\.\d+)?)"
                      r"(?P<unit>%|万元|元|人|名|个|种|次|天|户|家|辆|台|件|项|小时)?$")
BOUNDS = {">=": "≥", "<=": "≤", "＝": "=", None: "="}


def measured(text: str) -> tuple[str, Decimal, str] | None:
    """(bound ≥ ≤ =, number, unit) of a value printed as a number, else None (有效保障, 合规)."""
    match = MEASURED.match(re.sub(r"\s+", "", text))
    if not match:
        return None
    bound = BOUNDS.get(match["bound"], match["bound"])
    return bound, Decimal(match["number"]), match["unit"] or ""


def deviation_rate(text: str) -> Decimal | None:
    """偏差度 "-100.00%" as the number -100.00, else None."""
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)%", re.sub(r"[\s]", "", text).replace("−", "-"))
    return Decimal(match.group(1)) if match else None


@dataclass(frozen=True)
class PerformanceEvaluation:
    """One 自评表: the 部门整体 evaluation (kind 'department') or a project's (kind 'project')."""

    kind: str
    name: str
    """Project name (项目名称) or the department's name."""
    page: int
    line: int
    """Line of the table title."""
    last_page: int
    initial_budget: Decimal | None
    adjusted_budget: Decimal | None
    executed: Decimal | None
    budget_weight: Decimal | None
    """分值 of budget execution."""
    execution_rate: Decimal | None
    """执行率 in percent, as printed."""
    budget_score: Decimal | None
    """得分 of budget execution."""
    budget_line: int | None
    max_score: Decimal | None
    """总分 分值 (100)."""
    total_score: Decimal | None
    """总分 得分."""
    total_line: int | None
    grade: str | None
    """Grade as printed in the table (优/良/中/差), None when not printed."""
    indicators: tuple[Indicator, ...] = field(default=())


def _decimal(text: str) -> Decimal | None:
    text = text.strip()
    return None if text in ("", "-") else Decimal(text)


def blocks(document: Document) -> list[list[Line]]:
    """The lines of each 自评表, from its title to the next title or the end of the part."""
    found: list[list[Line]] = []
    current: list[Line] | None = None
    for line in document.lines():
        text = re.sub(r"\s+", "", line.text)
        if BLOCK_START.match(text):
            current = [line]
            found.append(current)
        elif current is not None:
            if PART_END.match(text):
                current = None
            else:
                current.append(line)
    return [block for block in found if any(FUNDS.match(ln.text.strip()) for ln in block)]


def split_values(head: str) -> tuple[str, str, str]:
    """'经济成本指标 办公总成本 ≤3.33 万元 1.64 万元' → (names, target, actual): the last two
    values, a unit printed apart joined to its number."""
    tokens = head.split()
    groups: list[str] = []
    for token in tokens:
        if groups and token in UNITS:
            groups[-1] += " " + token
        else:
            groups.append(token)
    if len(groups) < 2:
        return "", groups[0] if groups else "", ""
    return " ".join(groups[:-2]), groups[-2], groups[-1]


def read_block(block: list[Line]) -> PerformanceEvaluation:
    title = re.sub(r"\s+", "", block[0].text)
    kind = "department" if title.startswith("部门整体") else "project"
    name = ""
    order = list(COLUMNS.values())
    budget: dict[str, Decimal | None] = {}
    budget_line = total_line = None
    max_score = total_score = None
    grade = None
    indicators: list[Indicator] = []
    level1, level2, pending = "", "", []
    in_funds = False
    for line in block[1:]:
        text = line.text.strip()
        if match := re.match(r"^(?:项目名称|部门（单位）名称|部门名称)\s*(.+)$", text):
            if not name:
                name = match.group(1).strip()
            continue
        if HEADER.search(text):
            labels = re.findall("|".join(COLUMNS), text)
            if len(labels) == 6:
                order = [COLUMNS[label] for label in labels]
            continue
        if not budget and (match := FUNDS.match(text)):
            values = match.group(1).split()
            budget = {key: _decimal(value) for key, value in zip(order, values)}
            budget_line = line.number
            continue
        if match := TOTAL.match(text):
            max_score, total_score = Decimal(match.group("max")), Decimal(match.group("score"))
            total_line = line.number
            grade = match.group("grade") or grade
            continue
        if match := GRADE.search(text):
            grade = match.group(1)
        if text.startswith("资金管理情况"):
            level1, level2, pending, in_funds = "资金管理情况", "", [], True
            continue
        if text.startswith("情况说明") or text.startswith("预期目标") or "一级指标" in text:
            if "一级指标" in text:
                in_funds = False
            pending = []
            continue
        if in_funds and (match := PAIR.match(text)):
            indicators.append(Indicator("资金管理情况", "", "".join(pending[:1]), "", "",
                                        Decimal(match.group("weight")), Decimal(match.group("score")),
                                        "", line.page, line.number))
            pending = []
            continue
        if in_funds:
            if re.match(r"^(?:年度总体|年度履职|年度主要)", text):
                in_funds = False
            else:
                pending.append(text)
                continue
        squashed = re.sub(r"\s+", "", text)
        indicator = INDICATOR.match(text)
        for heading in () if indicator else LEVEL1:
            if squashed.startswith(heading) or squashed.replace("绩效指标", "", 1).startswith(heading):
                level1, level2, pending = heading, "", []
                rest = squashed.split(heading, 1)[1]
                if rest:
                    level2 = rest
                break
        else:
            if match := indicator:
                names, target, actual = split_values(match.group("head"))
                words = names.split()
                if words and words[0] in LEVEL1:  # 一级指标 printed on the indicator's line
                    level1, level2, pending = words.pop(0), "", []
                if len(words) >= 2:  # 二级指标 and 三级指标 on the indicator's own line
                    level2, full = words[0], "".join(words[1:])
                elif words:  # the lines before it name its 二级指标
                    level2, full = ("".join(pending) or level2), words[0]
                else:  # its name wrapped onto the lines before it
                    full = "".join(pending)
                indicators.append(Indicator(level1, level2, full, target, actual,
                                            Decimal(match.group("weight")),
                                            Decimal(match.group("score")),
                                            match.group("deviation").replace(" ", ""),
                                            line.page, line.number))
                pending = []
            elif squashed.endswith("指标") and len(squashed) <= 8:
                level2, pending = squashed, []
            else:
                pending.append(squashed)
    return PerformanceEvaluation(
        kind=kind, name=name, page=block[0].page, line=block[0].number, last_page=block[-1].page,
        initial_budget=budget.get("initial_budget"), adjusted_budget=budget.get("adjusted_budget"),
        executed=budget.get("executed"), budget_weight=budget.get("budget_weight"),
        execution_rate=budget.get("execution_rate"), budget_score=budget.get("budget_score"),
        budget_line=budget_line, max_score=max_score, total_score=total_score,
        total_line=total_line, grade=grade, indicators=tuple(indicators))


def read_evaluations(document: Document) -> list[PerformanceEvaluation]:
    """Every 部门整体 and 项目 self-evaluation table the document prints, in reading order."""
    return [read_block(block) for block in blocks(document)]
