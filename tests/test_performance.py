"""Performance self-evaluations of the seed 决算: the 部门整体 table and the nine project tables.

Every figure below was read off the seed (pages 34–55) by hand.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal as D

import pytest

from conftest import SEED, seed_copy

# name, 年初预算数, 全年预算数, 全年执行数, 执行率, 得分 (budget execution), 总分, parts scored
PROJECTS = [
    ("社区治理和服务创新资金(含物业管理工作)", "3.2", "3.2", "1.64", "51.25", "5.13", "95.13", 11),
    ("老旧小区改造办公经费", "4", "4", "0", "0", "0", "65", 9),
    ("区政府购买服务", "10.5", "10.5", "9.25", "88.1", "8.81", "98.81", 12),
    ("西工区老旧小区改造项目申请政府专项债券可行性研究报告费用", "24", "24", "20.6", "85.83", "8.58", "98.58", 10),
    ("西工区智慧化社区综合服务信息平台项目", "0", "13", "0", "0", "0", "80", 9),
    ("（区）2023 年专项债项目可研编制费用及支付可研编制、评审费用", "0", "5", "5", "100", "10", "100", 9),
    ("（存）洛阳市西工区智慧社区综合服务信息平台项目", "0", "200", "0", "0", "0", "80", 9),
    ("党建工作经费", "0.5", "0.5", "0.14", "28", "2.8", "92.8", 13),
    ("（存）2021 年老旧小区改造配套基础设施（发改资金）", "0", "1896", "1896", "100", "10", "100", 9),
]


@pytest.fixture(scope="module")
def evaluations(seed_disclosure):
    return seed_disclosure.evaluations


def test_the_department_table_is_read_with_every_score(evaluations):
    department = evaluations[0]
    assert department.kind == "department"
    assert department.name == "洛阳市西工区社区治理和服务创新办公室"
    assert (department.initial_budget, department.adjusted_budget, department.executed,
            department.budget_weight, department.execution_rate, department.budget_score) == (
        D("5301.42"), D("30288.47"), D("29671.35"), D("10"), D("97.96"), D("10"))
    assert (department.max_score, department.total_score, department.grade) == (D("100"), D("100"), None)
    assert len(department.indicators) == 24
    assert sum(i.weight for i in department.indicators) == D("90")
    assert sum(i.score for i in department.indicators) == D("90")
    first = department.indicators[0]
    assert (first.level1, first.level2, first.name, first.target, first.actual, first.weight,
            first.score, first.deviation) == ("投入管理指标", "工作目标管理", "年度履职目标相关性", "相关",
                                              "100%", D("1"), D("1"), "0.00%")
    assert department.page == 34


def test_all_nine_project_tables_are_read_with_every_score(evaluations):
    projects = [e for e in evaluations if e.kind == "project"]
    got = [(p.name, p.initial_budget, p.adjusted_budget, p.executed, p.execution_rate,
            p.budget_score, p.total_score, len(p.indicators)) for p in projects]
    expected = [(n, D(a), D(b), D(c), D(r), D(s), D(t), k) for n, a, b, c, r, s, t, k in PROJECTS]
    assert got == expected
    for project in projects:
        # 总分 = budget-execution 得分 + Σ parts: every part of every table was read.
        assert project.budget_score + sum(i.score for i in project.indicators) == project.total_score
        assert project.budget_weight + sum(i.weight for i in project.indicators) == project.max_score == 100
        assert all(i.page and i.line for i in project.indicators)


def test_indicator_with_its_value_and_unit_printed_apart(evaluations):
    cost = evaluations[1].indicators[4]
    assert (cost.level1, cost.level2, cost.name, cost.target, cost.actual) == (
        "成本指标", "经济成本指标", "办公总成本", "≤3.33 万元", "1.64 万元")
    shortfall = evaluations[5].indicators[4]
    assert (shortfall.name, shortfall.weight, shortfall.score, shortfall.deviation) == (
        "总成本", D("10"), D("0"), "-100.00%")


# ---------------------------------------------------------------- in the graph, and checked

@pytest.fixture(scope="module")
def seed_graph(seed_disclosure):
    from kg.graph import build

    return build(seed_disclosure)


def test_evaluations_are_resources_with_derived_grades(seed_graph):
    from kg.vocab import GK

    evaluations = list(seed_graph.subjects(GK.evaluationKind, None))
    assert len(evaluations) == 10
    grades = sorted(str(seed_graph.value(e, GK.grade)) for e in evaluations
                    if str(seed_graph.value(e, GK.evaluationKind)) == "project")
    assert grades == sorted("优优优优优优良良中")
    assert all(seed_graph.value(e, GK.gradeDerived).toPython() is True for e in evaluations)
    assert len(list(seed_graph.subjects(GK.weight, None))) == 24 + sum(p[-1] for p in PROJECTS)


def performance_findings(disclosure):
    from kg.graph import build
    from kg.validate import validate

    report = validate(build(disclosure))
    return sorted((f.rule, f.line) for f in report.findings
                  if f.category in ("narrative", "performance"))


def altered(tmp_path, old: str, new: str):
    """The seed with one printed string changed once, through the real pipeline."""
    from kg.extract import extract
    from kg.readers import read

    return extract(read(seed_copy(tmp_path, old, new)))


@pytest.fixture(scope="module")
def seed_findings(seed_disclosure):
    return performance_findings(seed_disclosure)


@pytest.mark.parametrize("old, new, expected", [
    # a 执行数: 9.25 → 9.52 of 10.5 is 90.67%, not 88.1, and scores 9.07, not 8.81
    ("10.5 10.5 9.25 10 88.1 8.81", "10.5 10.5 9.52 10 88.1 8.81",
     [("performance.budget-score", 1417), ("performance.execution-rate", 1417)]),
    # a score: 总分 95.13 → 96.13 (the parts still sum to 95.13)
    ("总分 100 95.13", "总分 100 96.13", [("performance.total-score", 1176)]),
    # an indicator's 得分: 党建工作经费's budget score 2.8 → 3.8 breaks it and its 总分
    ("0.5 0.5 0.14 10 28 2.8", "0.5 0.5 0.14 10 28 3.8",
     [("performance.budget-score", 2050), ("performance.total-score", 2050)]),
    # a count: 实际自评 9 个 → 8 个
    ("实际自评 9 个", "实际自评 8 个", [("performance.graded-count", 994)]),
    # a percentage: 执行率 51.25 → 52.15
    ("3.2 3.2 1.64 10 51.25 5.13", "3.2 3.2 1.64 10 52.15 5.13", [("performance.execution-rate", 1176)]),
])
def test_an_altered_evaluation_is_found(tmp_path, seed_findings, old, new, expected):
    found = performance_findings(altered(tmp_path, old, new))
    extra = sorted((Counter(found) - Counter(seed_findings)).elements())
    assert extra == expected


def test_performance_projects_query(tmp_path):
    from kg.ingest import ingest
    from kg.query import run_query
    from kg.store import open_store

    store = open_store(tmp_path / "store")
    assert all(r.ok for r in ingest([SEED], store))
    frame = run_query(store, "performance-projects")
    assert list(frame.columns)[:12] == ["disclosure", "department", "year", "kind", "project",
                                        "initial_budget", "adjusted_budget", "executed",
                                        "execution_rate", "total_score", "grade", "grade_derived"]
    assert [(r.project, r.initial_budget, r.adjusted_budget, r.executed, r.execution_rate,
             r.total_score) for r in frame.itertuples()] == [
        (n, D(a), D(b), D(c), D(r), D(t)) for n, a, b, c, r, s, t, _ in PROJECTS]
    assert list(frame.grade) == list("优中优优良优良优优")
    both = run_query(store, "performance-projects", evaluation="")
    assert len(both) == 10 and both.iloc[0]["kind"] == "department"


# ---------------------------------------------------------------- indicator 偏差度 as data

def test_indicator_deviations_are_numbers_and_agree_with_their_values(seed_graph):
    """44 indicators of the seed print a numeric 年度指标值 and 实际完成值 of one unit; every 偏差度
    agrees (0 where the target is met; 办公用品购置种类 ≥15种 / 0种: -100.00%)."""
    from kg.vocab import GK

    rates = {str(seed_graph.value(i, GK.indicatorName)): seed_graph.value(i, GK.deviationRate).toPython()
             for i in seed_graph.subjects(GK.deviationRate, None)}
    assert rates["办公用品购置种类"] == D("-100.00")
    assert len(list(seed_graph.subjects(GK.targetNumber, None))) == 44


@pytest.mark.parametrize("old, new, expected, actual", [
    ("办公用品购置种类 ≥15种 0种 15 0 -100.00%", "办公用品购置种类 ≥15种 0种 15 0 -50.00%", "-100.00", "-50.00"),
    ("办公用品购置种类 ≥15种 0种 15 0 -100.00%", "办公用品购置种类 ≥15种 12种 15 0 -100.00%", "-20.00", "-100.00"),
])
def test_a_deviation_that_does_not_follow_its_values_is_found(tmp_path, old, new, expected, actual):
    from kg.graph import build
    from kg.validate import validate

    report = validate(build(altered(tmp_path, old, new)))
    (found,) = [f for f in report.findings if f.rule == "performance.indicator-deviation"]
    assert (found.item, found.line) == ("办公用品购置种类", 1381)
    assert (found.expected, found.actual) == (D(expected), D(actual))


def test_counts_of_projects_with_and_without_deviation_follow_the_indicators(tmp_path):
    """The seed says “0 个项目完成所有绩效指标， 0 个项目目标完成存在偏差”; its tables: 6 and 3
    (pinned in tests/cases/…/findings.csv). Corrected in a copy, both are silent; a wrong one fires."""
    from kg.graph import build
    from kg.validate import validate

    def counts(old, new):
        report = validate(build(altered(tmp_path, old, new)))
        return sorted((f.item, f.expected, f.actual) for f in report.findings
                      if f.rule == "performance.graded-count"
                      and f.item in ("项目完成所有绩效指标", "项目目标完成存在偏差"))

    assert counts(" 0 个项目完\n\n成所有绩效指标， 0 个项目目标完成存在偏差",
                  " 6 个项目完\n\n成所有绩效指标， 3 个项目目标完成存在偏差") == []
    assert counts(" 0 个项目完\n\n成所有绩效指标， 0 个项目目标完成存在偏差",
                  " 6 个项目完\n\n成所有绩效指标， 2 个项目目标完成存在偏差") == [
        ("项目目标完成存在偏差", D(3), D(2))]
