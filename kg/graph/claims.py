"""Narrative claims and performance evaluations as RDF (ontology/narrative.ttl).

Each claim is a gk:Claim linked to the claims it depends on (a share to its part and whole, a
change to the current amount, a rate to its change, a completion to what was achieved and its
base) and, where it restates a table, to that observation (gk:restates), found by table, code
chain (类/款/项), measure and fund. A change statement whose current amount restates an
observation implies the previous fiscal year's value: a gk:DerivedObservation (gk:derived true,
prov:wasDerivedFrom the claim). Each self-evaluation table is a gk:PerformanceEvaluation with its
indicators; its grade is derived from 总分 by the common scheme when the table prints none.

The checks are shapes/narrative.ttl; they run on every disclosure, like the calculation shapes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.extract import Disclosure
from kg.graph import iris
from kg.graph.budget_links import find_budget_fact
from kg.graph.provenance import add_source_line
from kg.vocab import GK

TABLE_BASE = iris.TABLE_BASE
USUAL_KIND = "amount"
"""A claim's kind unless it states another (most numbers of a 情况说明 are amounts)."""
USUAL_UNIT = {"amount": "万元", "change": "万元", "share": "%", "rate": "%", "completion": "%"}
"""A claim's unit by its kind unless it states another (a count's unit, 辆 or 个, is always stated)."""
USUAL_DECIMALS = {"count": 0}
"""A claim's stated decimals by its kind unless it states others: 2 but for counts."""


def usual_unit(kind: str) -> str | None:
    return USUAL_UNIT.get(kind)


def usual_decimals(kind: str) -> int:
    return USUAL_DECIMALS.get(kind, 2)


CODE_PROPERTY = {"functional": GK.functionalClassification,
                 "economic-dept": GK.economicClassification}
CHAIN = re.compile(r"^(?P<lei>.+?)（类）(?:(?P<kuan>.+?)（款）)?(?:(?P<xiang>.+?)（项）)?$")
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))


@dataclass(frozen=True)
class Link:
    """Which table cell states a quantity: the claim's quantity (a pattern), the section it is
    printed under and its basis select a fact by table, row and column."""

    quantity: str
    table: str
    item: str = ""
    """Printed row label; '{0}' is the quantity's first group."""
    row_key: str = ""
    side: str = ""
    """'L' or 'R': the row key's prefix (收入 or 支出 side)."""
    measure: str = ""
    """Canonical column label; '{0}' is the quantity's first group."""
    section: str = ""
    basis: str = "actual"


# The standard statements of a 决算's 情况说明 and the cell of 公开01–09表 each restates.
LINKS = (
    Link(r"^(?:收、?支|收入支出)总计$", "final-01", item="总计", side="L"),
    Link(r"^财政拨款(?:收、?支|收入支出)总计$", "final-04", item="总计", side="L"),
    Link(r"^(?:本年)?收入合计$", "final-02", row_key="total", measure="本年收入合计"),
    Link(r"^(财政拨款收入|上级补助收入|事业收入|经营收入|附属单位上缴收入|其他收入)$", "final-02",
         row_key="total", measure="{0}", section="收入决算"),
    Link(r"^(?:本年)?支出合计$", "final-03", row_key="total", measure="本年支出合计",
         section="支出决算情况"),
    Link(r"^(基本支出|项目支出|上缴上级支出|经营支出|对附属单位补助支出)$", "final-03", row_key="total",
         measure="{0}", section="支出决算情况"),
    Link(r"^一般公共预算财政拨款支出$", "final-05", row_key="total", measure="本年支出合计"),
    Link(r"^一般公共预算财政拨款基本支出$", "final-05", row_key="total", measure="基本支出"),
    Link(r"^人员经费$", "final-06", item="人员经费合计"),
    Link(r"^公用经费$", "final-06", item="公用经费合计"),
    Link(r"^政府性基金预算财政拨款支出$", "final-07", row_key="total", measure="本年支出合计"),
    Link(r"^“?三公”?经费财政拨款支出$", "final-09", item="合计", measure="决算数"),
    Link(r"^“?三公”?经费财政拨款支出$", "final-09", item="合计", measure="预算数",
         basis="adjusted-budget"),
    Link(r"^(因公出国（境）费|公务接待费)$", "final-09", item="{0}", measure="决算数"),
    Link(r"^“?三公”?经费财政拨款支出$", "final-09", item="合计", measure="预算数",
         basis="initial-budget"),
    Link(r"^(因公出国（境）费|公务接待费)$", "final-09", item="{0}", measure="预算数",
         basis="adjusted-budget"),
    Link(r"^公务用车购置及运行(?:维护)?费$", "final-09", item="公务用车购置及运行维护费", measure="决算数"),
    Link(r"^公务用车购置及运行费$", "final-09", item="公务用车购置及运行维护费", measure="预算数",
         basis="adjusted-budget"),
    Link(r"^公务用车购置支出$", "final-09", item="公务用车购置费", measure="决算数"),
    Link(r"^公务用车运行支出$", "final-09", item="公务用车运行维护费", measure="决算数"),
)


def _strip_number(label: str) -> str:
    """Row labels print an ordinal (一、一般公共服务支出): compare without it."""
    return re.sub(r"^[一二三四五六七八九十]+、", "", label.replace(" ", ""))


def find_fact(facts: pd.DataFrame, claim) -> pd.Series | None:
    """The fact a claim restates, or None."""
    if claim.kind != "amount" or claim.unit != "万元":
        return None
    for link in LINKS:
        match = re.match(link.quantity, claim.quantity)
        if not match or link.basis != claim.basis or link.section not in claim.section:
            continue
        rows = facts[facts.table_key == link.table]
        if link.row_key:
            rows = rows[rows.row_key == link.row_key]
        if link.side:
            rows = rows[rows.row_key.str.startswith(link.side)]
        if link.item:
            rows = rows[rows.item.map(_strip_number) == link.item.format(*match.groups())]
        if link.measure:
            rows = rows[rows.measure_label == link.measure.format(*match.groups())]
        if len(rows) == 1:
            return rows.iloc[0]
    return find_code(facts, claim)


def find_code(facts: pd.DataFrame, claim) -> pd.Series | None:
    """'城乡社区支出（类）' or a chain '…（类）…（款）…（项）' under 一般公共预算财政拨款: the row of
    一般公共预算财政拨款支出决算表 (公开05表) whose code has those names, its 本年支出合计."""
    chain = CHAIN.match(claim.quantity)
    if not chain or claim.basis != "actual" or "一般公共预算" not in claim.section:
        return None
    rows = facts[(facts.table_key == "final-05") & (facts.measure_label == "本年支出合计")
                 & (facts.code != "")]
    names = dict(zip(rows.code, rows.item.map(_strip_number)))
    wanted = [n for n in (chain["lei"], chain["kuan"], chain["xiang"]) if n]
    found = [code for code in names
             if len(code) == 1 + 2 * len(wanted)
             and all(names.get(code[:3 + 2 * i]) == name for i, name in enumerate(wanted))]
    if len(found) != 1:
        return None
    return rows[rows.code == found[0]].iloc[0]


# Counts the “三公” section states, and the 决算数 cell of 公开09表 that pays for what they count.
SPENDING_COUNTED = ((r"出国", "因公出国（境）费"), (r"公务用车保有量", "公务用车购置及运行维护费"),
                    (r"接待|来访|来宾|外宾", "公务接待费"))


def find_counted_spending(facts: pd.DataFrame, claim) -> pd.Series | None:
    """全年因公出国（境）团组 0 个 → 因公出国（境）费 决算数 of the “三公” table, or None."""
    if claim.kind != "count" or "三公" not in claim.section:
        return None
    for pattern, item in SPENDING_COUNTED:
        if re.search(pattern, claim.quantity):
            rows = facts[(facts.table_key == "final-09") & (facts.measure_label == "决算数")
                         & (facts.item.map(_strip_number) == item)]
            return rows.iloc[0] if len(rows) == 1 else None
    return None


def grade_of(score: Decimal) -> str:
    """The common scheme: 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60."""
    return next(grade for bound, grade in GRADES if score >= bound)


# Every 决算 prints 公开01–09表. Budgets are not listed: their table sets differ by province.
REQUIRED_KINDS = ("final",)


def add_requirements(graph: Graph, subject: URIRef, disclosure: Disclosure) -> None:
    """The standard tables a disclosure must print, so a missing one is a finding: those its kind
    requires and those its own 目录 lists (with the 目录 line as the requirement's location)."""
    from kg.recognize.catalogue import load_catalogue

    meta = disclosure.metadata
    names = {table.key: table.name for table in load_catalogue()}
    required = {table.key for table in load_catalogue()
                if meta.kind in REQUIRED_KINDS and table.kind == meta.kind}
    listed = {entry.table_key: entry for entry in disclosure.contents}
    for key in sorted(required | set(listed)):
        node = URIRef(f"{subject}/requirement/{key}")
        graph.add((subject, GK.requirement, node))  # a gk:TableRequirement: the range says so
        graph.add((node, GK.requiresTable, URIRef(TABLE_BASE + key)))
        graph.add((node, GK.requiredTableName, Literal(names[key])))
        if key in listed:
            entry = listed[key]
            graph.add((node, GK.listedInContents, Literal(entry.printed)))
            add_source_line(graph, node, subject, entry.page, entry.line)


def add_names(graph: Graph, subject: URIRef, disclosure: Disclosure) -> None:
    """Where the department's name is printed (cover, headings, tables), for document.department-name."""
    for k, printed in enumerate(disclosure.names, start=1):
        node = URIRef(f"{subject}/name/{k}")
        graph.add((subject, GK.printedName, node))  # a gk:PrintedName: the range says so
        graph.add((node, GK.nameAsPrinted, Literal(printed.name)))
        graph.add((node, GK.namePlace, Literal(printed.role)))
        add_source_line(graph, node, subject, printed.page,
                        printed.line)


def add_years(graph: Graph, subject: URIRef, disclosure: Disclosure) -> None:
    """Where the document states its own fiscal year (cover, headings, scope, dates), for
    document.fiscal-year."""
    for k, stated in enumerate(disclosure.years, start=1):
        node = URIRef(f"{subject}/year/{k}")
        graph.add((subject, GK.statedYear, node))  # a gk:StatedYear: the range says so
        graph.add((node, GK.yearAsPrinted, Literal(str(stated.year), datatype=XSD.gYear)))
        graph.add((node, GK.yearPlace, Literal(stated.place)))
        graph.add((node, GK.yearWords, Literal(stated.text)))
        add_source_line(graph, node, subject, stated.page,
                        stated.line)


def add_claims(graph: Graph, subject: URIRef, disclosure: Disclosure) -> None:
    """The disclosure's claims, evaluations, derived previous-year observations, the standard
    tables it must print and where it prints its department's name and its fiscal year."""
    add_requirements(graph, subject, disclosure)
    add_names(graph, subject, disclosure)
    add_years(graph, subject, disclosure)
    evaluations = add_evaluations(graph, subject, disclosure)
    claims = disclosure.claims
    if claims.empty:
        return
    facts = disclosure.facts
    meta = disclosure.metadata
    node = {key: URIRef(f"{subject}/claim/{key}") for key in claims.claim_key}
    restated: dict[str, tuple[URIRef, pd.Series]] = {}
    for claim in claims.itertuples(index=False):
        iri = node[claim.claim_key]
        # A gk:Claim (the range of gk:claim) in its disclosure (gk:inDisclosure, derived). The link
        # is stored: the queries find a disclosure's claims through it (joined by the graph alone,
        # Oxigraph scanned every claim of the store).
        graph.add((subject, GK.claim, iri))
        graph.add((iri, GK.quotedSentence, Literal(claim.sentence, lang="zh")))
        graph.add((iri, GK.claimSubject, Literal(claim.subject)))
        graph.add((iri, GK.quantity, Literal(claim.quantity)))
        if claim.kind != USUAL_KIND:
            graph.add((iri, GK.claimKind, Literal(claim.kind)))
        graph.add((iri, GK.claimedValue, Literal(claim.value, datatype=XSD.decimal)))
        # Stated only where not the kind's usual (derived: kg.validate.derive).
        if claim.unit != usual_unit(claim.kind):
            graph.add((iri, GK.claimUnit, Literal(claim.unit)))
        decimals = max(0, -claim.value.as_tuple().exponent)  # Decimal keeps what was printed
        if decimals != usual_decimals(claim.kind):
            graph.add((iri, GK.statedDecimals, Literal(decimals)))
        add_source_line(graph, iri, subject, claim.page, claim.line)
        for prop, value in ((GK.basis, claim.basis), (GK.direction, claim.direction),
                            (GK.statedGrade, claim.grade)):
            if value:
                graph.add((iri, prop, Literal(value)))
        relates = {"share": GK.sharePart, "change": GK.changeOf, "rate": GK.rateOf,
                   "completion": GK.completionOf}.get(claim.kind)
        against = {"share": GK.shareWhole, "completion": GK.completionBase}.get(claim.kind)
        if claim.kind == "rate" and claim.against:
            # a rate of an amount against last year's, no change stated
            relates = None
            graph.add((iri, GK.rateCurrent, node[claim.relates]))
            graph.add((iri, GK.rateBase, node[claim.against]))
        if relates is not None and claim.relates:
            graph.add((iri, relates, node[claim.relates]))
        if against is not None and claim.against:
            graph.add((iri, against, node[claim.against]))
            if claim.kind == "share" and claim.relates and not claim.denominator:
                # The share's part is an item of the total the sentence itemises.
                graph.add((node[claim.relates], GK.itemOf, node[claim.against]))
        spending = find_counted_spending(facts, claim)
        if spending is not None:
            graph.add((iri, GK.countsSpendingOf, iris.observation(
                subject, spending.table_key, spending.row_key, spending.column_key)))
        if claim.kind == "count" and claim.against:
            graph.add((iri, GK.itemOf, node[claim.against]))  # 其中 of a count
        if claim.relation and claim.against:
            graph.add((iri, GK.statedRelation, Literal(claim.relation)))
            graph.add((iri, GK.comparedWith, node[claim.against]))
        if claim.section:
            graph.add((iri, GK.section, Literal(claim.section)))
        fact = (find_budget_fact(facts, claim) if meta.kind == "budget"
                else find_fact(facts, claim))
        if fact is not None:
            obs = iris.observation(subject, fact.table_key, fact.row_key, fact.column_key)
            graph.add((iri, GK.restates, obs))
            restated[claim.claim_key] = (obs, fact)
        if claim.unit == "分" and "整体绩效" in claim.quantity and "department" in evaluations:
            graph.add((iri, GK.restatesEvaluation, evaluations["department"]))
        if claim.kind == "count":
            if grade := re.search(r"项目自评(?:等级)?为([优良中差])", claim.quantity):
                graph.add((iri, GK.countsGrade, Literal(grade.group(1))))
            elif re.search(r"^(?:需绩效自评项目|实际自评)$", claim.quantity):
                graph.add((iri, GK.countsEvaluations, Literal(True)))
            elif re.search(r"项目完成所有绩效指标", claim.quantity):
                graph.add((iri, GK.countsDeviation, Literal("none")))
            elif re.search(r"项目(?:目标完成)?存在偏差", claim.quantity):
                graph.add((iri, GK.countsDeviation, Literal("some")))
    add_derived(graph, subject, disclosure, node, restated)


def add_derived(graph: Graph, subject: URIRef, disclosure: Disclosure, node: dict[str, URIRef],
                restated: dict[str, tuple[URIRef, pd.Series]]) -> None:
    """Previous-year observations implied by change statements (prior = current ∓ change)."""
    meta = disclosure.metadata
    previous = meta.year - 1
    for claim in disclosure.claims.itertuples(index=False):
        if claim.kind != "change" or claim.relates not in restated:
            continue
        obs, fact = restated[claim.relates]
        current = disclosure.claims.set_index("claim_key").loc[claim.relates, "value"]
        prior = current - claim.value if claim.direction == "increase" else current + claim.value
        derived = URIRef(f"{subject}/derived/{previous}/{fact.table_key}/{fact.row_key}/"
                         f"{fact.column_key}")
        graph.add((derived, RDF.type, GK.DerivedObservation))
        graph.add((derived, GK.derived, Literal(True)))
        earlier = iris.disclosure(meta.department, previous, meta.kind)
        graph.add((derived, GK.derivedFor, earlier))
        # The cell that disclosure prints, named as ingest names it, so a query finds it by IRI.
        graph.add((derived, GK.previousCell,
                   iris.observation(earlier, fact.table_key, fact.row_key, fact.column_key)))
        graph.add((derived, GK.fiscalYear, Literal(str(previous), datatype=XSD.gYear)))
        graph.add((derived, GK.priorOf, obs))
        graph.add((derived, GK.table, URIRef(TABLE_BASE + fact.table_key)))
        graph.add((derived, GK.measure, URIRef(fact.measure)))
        graph.add((derived, GK.item, Literal(fact["item"])))  # Series.item is a method
        if fact.fund:
            graph.add((derived, GK.fundSource, URIRef(fact.fund)))
        graph.add((derived, GK.amount, Literal(prior, datatype=XSD.decimal)))
        graph.add((derived, GK.unit, GK.WanYuan))
        graph.add((derived, PROV.wasDerivedFrom, node[claim.claim_key]))


def add_deviation(graph: Graph, node: URIRef, indicator) -> None:
    """偏差度 as a number, and the target and the achieved value when both are numbers of one unit,
    so the deviation can be recomputed (performance.indicator-deviation)."""
    from kg.extract.performance import deviation_rate, measured

    rate = deviation_rate(indicator.deviation)
    if rate is None:
        return
    graph.add((node, GK.deviationRate, Literal(rate, datatype=XSD.decimal)))
    target, actual = measured(indicator.target), measured(indicator.actual)
    if target and actual and target[2] == actual[2] and actual[0] == "=":
        graph.add((node, GK.targetBound, Literal(target[0])))
        graph.add((node, GK.targetNumber, Literal(target[1], datatype=XSD.decimal)))
        graph.add((node, GK.actualNumber, Literal(actual[1], datatype=XSD.decimal)))


def add_evaluations(graph: Graph, subject: URIRef, disclosure: Disclosure) -> dict[str, URIRef]:
    """Each self-evaluation table with its indicators; {'department': IRI} for the 部门整体 one."""
    found: dict[str, URIRef] = {}
    for number, evaluation in enumerate(disclosure.evaluations, start=1):
        iri = URIRef(f"{subject}/evaluation/{number}")
        if evaluation.kind == "department":
            found.setdefault("department", iri)
        graph.add((subject, GK.evaluation, iri))
        graph.add((iri, RDF.type, GK.PerformanceEvaluation))
        graph.add((iri, GK.inDisclosure, subject))
        graph.add((iri, GK.evaluationKind, Literal(evaluation.kind)))
        graph.add((iri, GK.projectName, Literal(evaluation.name)))
        add_source_line(graph, iri, subject, evaluation.page, evaluation.line)
        for prop, value in ((GK.initialBudget, evaluation.initial_budget),
                            (GK.adjustedBudget, evaluation.adjusted_budget),
                            (GK.executedAmount, evaluation.executed),
                            (GK.budgetWeight, evaluation.budget_weight),
                            (GK.executionRate, evaluation.execution_rate),
                            (GK.budgetScore, evaluation.budget_score),
                            (GK.maxScore, evaluation.max_score),
                            (GK.totalScore, evaluation.total_score)):
            if value is not None:
                graph.add((iri, prop, Literal(value, datatype=XSD.decimal)))
        if evaluation.grade:
            graph.add((iri, GK.grade, Literal(evaluation.grade)))
            graph.add((iri, GK.gradeDerived, Literal(False)))
        elif evaluation.total_score is not None:
            graph.add((iri, GK.grade, Literal(grade_of(evaluation.total_score))))
            graph.add((iri, GK.gradeDerived, Literal(True)))
        for k, indicator in enumerate(evaluation.indicators, start=1):
            node = URIRef(f"{iri}/indicator/{k}")
            graph.add((iri, GK.indicator, node))  # a gk:PerformanceIndicator: the range says so
            graph.add((node, GK.level1, Literal(indicator.level1)))
            graph.add((node, GK.indicatorName, Literal(indicator.name)))
            for prop, value in ((GK.level2, indicator.level2), (GK.targetValue, indicator.target),
                                (GK.actualValue, indicator.actual),
                                (GK.deviation, indicator.deviation)):
                if value:
                    graph.add((node, prop, Literal(value)))
            add_deviation(graph, node, indicator)
            graph.add((node, GK.weight, Literal(indicator.weight, datatype=XSD.decimal)))
            graph.add((node, GK.score, Literal(indicator.score, datatype=XSD.decimal)))
            add_source_line(graph, node, subject, indicator.page, indicator.line)
    return found

