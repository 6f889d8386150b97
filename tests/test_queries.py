"""The researchers' query library (queries/*.rq) on the whole corpus, ingested once.

Expected values are read by hand from tests/cases/*/facts.csv (amounts as printed; 元 documents
are compared in 万元 = printed / 10000).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import PAIR_FINAL, ROOT, SEED, corpus_files, relabelled_budget
from tests.conftest import corpus_store as shared_corpus_store

D = Decimal
LUOYANG = "洛阳市西工区社区治理和服务创新办公室"
CAIZHENGJU = "上海市普陀区财政局"
WANLI = "上海市普陀区人民政府万里街道办事处"
JIANCHAYUAN = "江苏省人民检察院"
FULIYUAN = "上海市普陀区社会福利院"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    from kg.store import open_store

    return open_store(shared_corpus_store(tmp_path_factory.mktemp("corpus") / "store"))


@pytest.fixture(scope="module")
def pair_store(tmp_path_factory):
    """The real 2024 决算 of 上海市普陀区财政局 beside its 2025 预算 relabelled as 2024, in which
    2010602 is dropped (absent) and 2010607 set to 0 (conftest.relabelled_budget) — to exercise
    the budget-vs-final queries."""
    from kg.graph import build
    from kg.ingest import ingest
    from kg.store import open_store

    store = open_store(tmp_path_factory.mktemp("pair") / "store")
    ingest([PAIR_FINAL], store)
    store.replace_graph(build(relabelled_budget()))
    return store


def run(store, name, **params):
    from kg.query import run_query

    return run_query(store, name, **params)


def rows(frame, *columns):
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


# ---------------------------------------------------------------- the library itself

@pytest.fixture(scope="module")
def served_corpus(corpus_store, tmp_path_factory):
    """`govkg serve` on a copy of the corpus store (a real server process): its query URL."""
    from conftest import govkg_serve

    copy = tmp_path_factory.mktemp("served") / "store"
    corpus_store.backup(copy)
    with govkg_serve(copy) as url:
        yield url


def plain_sparqlwrapper(url: str, text: str):
    """The rows a researcher gets pasting ``text`` into SPARQLWrapper, typed as the store types them."""
    import pandas as pd
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    from kg.store.endpoint import python_value

    wrapper = SPARQLWrapper(url)
    wrapper.setQuery(text)
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    result = wrapper.queryAndConvert()
    names = result["head"]["vars"]
    return pd.DataFrame([[python_value(row.get(n)) for n in names]
                         for row in result["results"]["bindings"]], columns=names)


def test_every_library_file_gives_the_same_rows_three_ways(corpus_store, served_corpus):
    """A .rq file is standalone SPARQL: run as the file it is (`govkg query --file`), by name
    (`govkg query NAME`, its defaults) and pasted into plain SPARQLWrapper against `govkg serve`,
    it gives the same rows."""
    import pandas as pd

    from kg.query import query, read_query_file
    from kg.query.library import load_library

    answered = []
    for name, library_query in load_library().items():
        by_name = run(corpus_store, name).reset_index(drop=True)
        text = read_query_file(library_query.path)
        pd.testing.assert_frame_equal(query(corpus_store, text).reset_index(drop=True), by_name,
                                      obj=f"{name} as a file")
        pd.testing.assert_frame_equal(plain_sparqlwrapper(served_corpus, text), by_name,
                                      obj=f"{name} through SPARQLWrapper")
        if not by_name.empty:
            answered.append(name)
    assert len(answered) >= 15, answered


def test_a_parameter_given_replaces_every_default_block():
    from kg.query.library import get_query

    top = get_query("top-codes")
    assert top.sparql.count(top.block()) == 2  # the query's WHERE and its subquery's
    text = top.text({"kind": "预算", "year": "2024"})
    assert top.block() not in text
    assert text.count(top.block({"kind": "预算", "year": "2024"})) == 2
    assert '"预算" ' in text  # a plain literal, as Virtuoso compares it with the query's "预算"


def test_a_query_whose_defaults_do_not_open_every_group_is_refused(tmp_path):
    from kg.errors import QueryError
    from kg.query.library import get_query, parse_query

    source = get_query("top-codes").path.read_text(encoding="utf-8")
    block = get_query("top-codes").block()
    broken = tmp_path / "broken.rq"
    broken.write_text(source.replace(block, "", 1), encoding="utf-8")  # one group left bare
    with pytest.raises(QueryError, match="must open each of the 2 WHERE groups"):
        parse_query(broken)


def test_library_has_at_least_15_queries_with_headers_and_defaults():
    from kg.query import list_queries
    from kg.query.library import load_library

    library = load_library()
    assert len(library) >= 15
    assert "expenditure-by-class" in library
    for query in library.values():
        assert query.title and query.description, query.name
        for param in query.params:
            assert f"?{param.name}" in query.sparql, (query.name, param.name)
            param.term()  # the default is valid for its type
    frame = list_queries()
    assert list(frame.columns) == ["name", "title", "description", "params"]
    assert len(frame) == len(library)


@pytest.mark.parametrize("kind,value,ok", [
    ("year", "2023", True), ("year", "23", False), ("year", "2023-01", False),
    ("integer", "10", True), ("integer", "1.5", False),
    ("decimal", "0.95", True), ("decimal", "abc", False), ("decimal", "NaN", False),
    ("iri", "https://w3id.org/govkg/def/measure/BasicExpenditure", True),
    ("iri", "measure/BasicExpenditure", False), ("iri", "http://x/a b", False),
    ("string", 'a"} ?x', True),
])
def test_parameter_types_are_checked(kind, value, ok):
    from kg.errors import QueryError
    from kg.query.library import QueryParam

    param = QueryParam("p", kind, {"year": "2023", "integer": "1", "decimal": "1",
                                   "iri": "http://x/y", "string": ""}[kind])
    if ok:
        term = param.term(value)
        assert str(term) == value
    else:
        with pytest.raises(QueryError):
            param.term(value)


def test_decimal_parameter_is_a_typed_decimal_literal():
    from rdflib.namespace import XSD

    from kg.query.library import QueryParam

    term = QueryParam("p", "decimal", "0").term("0.95")
    assert term.datatype == XSD.decimal and term.toPython() == D("0.95")


def test_unknown_query_and_parameter_are_errors(corpus_store):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="unknown query"):
        run(corpus_store, "no-such-query")
    with pytest.raises(QueryError, match="unknown query"):
        run(corpus_store, "../kg/query/facts")
    with pytest.raises(QueryError, match="no parameter"):
        run(corpus_store, "sangong", bogus="1")
    with pytest.raises(QueryError, match="4 digits"):
        run(corpus_store, "sangong", year="24")


def test_hostile_parameter_is_bound_as_a_value_not_as_text(corpus_store):
    # Were it pasted into the query, this would close the string and the group and match everything.
    hostile = '" || true) } UNION { ?x ?y ?z } #{'
    assert run(corpus_store, "expenditure-by-code", dept=hostile).empty
    assert run(corpus_store, "empty-tables", dept=hostile).empty
    # The same query with a real value still answers.
    assert not run(corpus_store, "empty-tables", dept=LUOYANG).empty


def test_every_query_runs_with_its_defaults(corpus_store):
    from kg.query.library import load_library

    for name in load_library():
        frame = run(corpus_store, name)
        assert frame is not None, name


def test_department_questions_default_to_one_department(corpus_store):
    """A listing of every department grows with the store (millions of rows at 10,000
    disclosures): each question with a department parameter names one by default, a department
    of the corpus, and answers for it alone; dept="" asks for every department."""
    from kg.query.library import load_library

    departments = set(run(corpus_store, "coverage")["department"])
    for name, query in load_library().items():
        param = next((p for p in query.params if p.name == "dept"), None)
        if param is None:
            continue
        assert param.default in departments, name
        frame = run(corpus_store, name)
        column = "department_a" if name == "similar-departments" else "department"
        assert set(frame[column]) <= {param.default}, name
        everyone = run(corpus_store, name, dept="")
        assert len(everyone) >= len(frame), name
    assert len(run(corpus_store, "narrative-claims", dept="")) > len(run(corpus_store, "narrative-claims"))


# ---------------------------------------------------------------- answers on the corpus

def test_expenditure_by_class_keeps_the_demo_answer(corpus_store):
    assert set(run(corpus_store, "expenditure-by-class")["department"]) == {LUOYANG}  # the default
    frame = run(corpus_store, "expenditure-by-class", dept="")
    seed = frame[frame["department"] == LUOYANG]
    assert dict(zip(seed["code"], seed["amount"])) == {
        "201": D("5.00"), "208": D("7.05"), "210": D("4.24"), "212": D("3183.40"),
        "221": D("11471.66"), "229": D("15000.00")}
    shanghai = frame[frame["department"] == CAIZHENGJU]
    assert len(shanghai) == 4  # one row per 类, not one per graph holding the label
    assert dict(zip(shanghai["code"], shanghai["amount"]))["201"] == D("2106.66")


def test_expenditure_by_code_defaults_the_seed_xiang(corpus_store):
    frame = run(corpus_store, "expenditure-by-code")
    amounts = dict(zip(frame["code"], frame["amount"]))
    assert amounts["2210108"] == D("11466.00")
    assert amounts["2290402"] == D("15000.00")
    assert len(frame) == 9 and set(frame["unit"]) == {"万元"}
    assert (frame["name"][frame["code"] == "2210108"] == "老旧小区改造").all()


def test_expenditure_by_code_other_parameters(corpus_store):
    kuan = run(corpus_store, "expenditure-by-code", level="款")
    assert dict(zip(kuan["code"], kuan["amount"]))["22101"] == D("11466.00")
    basic = run(corpus_store, "expenditure-by-code", level="类",
                measure="https://w3id.org/govkg/def/measure/BasicExpenditure")
    assert dict(zip(basic["code"], basic["amount"]))["212"] == D("116.90")
    shanghai = run(corpus_store, "expenditure-by-code", dept=CAIZHENGJU, year="2024")
    assert dict(zip(shanghai["code"], shanghai["amount"]))["2010601"] == D("1511.89")
    budget = run(corpus_store, "expenditure-by-code", dept=CAIZHENGJU, year="2025", kind="预算")
    row = budget[budget["code"] == "2010601"].iloc[0]
    assert (row["amount"], row["unit"], row["amount_wan"]) == (D("16231840.80"), "元", D("1623.18408"))
    assert run(corpus_store, "expenditure-by-code", year="2020").empty


def test_expenditure_by_region(corpus_store):
    frame = run(corpus_store, "expenditure-by-region")
    assert set(frame["department"]) == {CAIZHENGJU, WANLI, FULIYUAN}  # 2024: 决算 and two 预算
    fin = frame[(frame["department"] == CAIZHENGJU) & (frame["code"] == "221")].iloc[0]
    assert (fin["phase"], fin["amount"], fin["region_total_wan"]) == ("决算", D("445.69"), D("445.69"))
    bud = frame[(frame["department"] == WANLI) & (frame["code"] == "201")].iloc[0]
    assert (bud["phase"], bud["amount"], bud["unit"], bud["amount_wan"]) == \
        ("预算", D("2932700"), "元", D("293.27"))
    budgets = run(corpus_store, "expenditure-by-region", kind="预算", year="2025")
    assert set(budgets["department"]) == {CAIZHENGJU, WANLI, "上海市普陀区人民政府办公室",
                                          "上海市普陀区商务委员会"}
    caizhengju = budgets[budgets["department"] == CAIZHENGJU]
    assert dict(zip(caizhengju["code"], caizhengju["amount"]))["201"] == D("22186440.80")
    luoyang = run(corpus_store, "expenditure-by-region", region="洛阳市西工区", year="2023")
    assert dict(zip(luoyang["code"], luoyang["region_total_wan"]))["221"] == D("11471.66")
    # The region is resolved as ingest resolves a printed one (GB/T 2260): a short form finds
    # the same district, a parent finds its districts' departments, a name of no region nothing.
    assert run(corpus_store, "expenditure-by-region", region="上海市普陀").equals(frame)
    city = run(corpus_store, "expenditure-by-region", region="上海市")
    assert set(city["department"]) == {CAIZHENGJU, WANLI, FULIYUAN}  # 上海市XX局 (the template) prints no numbers
    assert run(corpus_store, "expenditure-by-region", region="上海市无此区").empty
    # The region totals (kept in the summary graph) are the sums of the rows listed.
    for listing in (frame, city, luoyang, budgets):
        listed = listing.groupby(["phase", "code"])["amount_wan"].sum()
        totals = listing.groupby(["phase", "code"])["region_total_wan"].first()
        assert listed.to_dict() == totals.to_dict()
    assert run(corpus_store, "expenditure-by-region", region="").empty  # a region is required


def test_top_codes(corpus_store):
    frame = run(corpus_store, "top-codes")
    assert rows(frame.head(3), "rank", "code", "total_wan") == [
        (1, "2290402", D("15000.00")), (2, "2210108", D("11466.00")), (3, "2120899", D("3028.00"))]
    assert len(frame) == 10
    both = frame[frame["code"] == "2210201"].iloc[0]  # 住房公积金 in both 决算: 5.66 + 187.19
    assert (both["total_wan"], both["departments"]) == (D("192.85"), 2)
    top2 = run(corpus_store, "top-codes", top="2", level="类")
    assert rows(top2, "code", "total_wan") == [("229", D("15000.00")), ("221", D("11917.35"))]
    budgets = run(corpus_store, "top-codes", kind="预算", top="1", level="类")
    # 212 城乡社区支出 of 万里街道's three budgets: 2024's 119,385,303 元 and 2023's and 2025's
    assert rows(budgets, "code", "total_wan", "disclosures") == [("212", D("39507.4507"), 3)]
    only_2024 = run(corpus_store, "top-codes", kind="预算", top="1", level="类", year="2024")
    assert rows(only_2024, "code", "total_wan") == [("212", D("11938.5303"))]


def test_basic_vs_project(corpus_store):
    frame = run(corpus_store, "basic-vs-project", dept="")
    by = {(r.department, r.year): r for r in frame.itertuples()}
    seed = by[(LUOYANG, "2023")]
    assert (seed.total, seed.basic, seed.project) == (D("29671.35"), D("133.85"), D("29537.50"))
    assert (seed.basic_share, seed.project_share) == (D("0.0045"), D("0.9955"))
    shanghai = by[(CAIZHENGJU, "2024")]
    assert (shanghai.total, shanghai.basic, shanghai.project) == (D("2940.05"), D("2336.91"), D("603.14"))
    assert by[(CAIZHENGJU, "2025")].basic == D("25121091.00")
    # every disclosure with numbers: 万里 ×3, four 单位预算, 财政局 ×2, Jiangsu's three departments ×
    # three years (the 文件 without tables and the empty templates have no 合计), the seed
    assert len(frame) == 19
    assert (by[(JIANCHAYUAN, "2019")].total, by[(JIANCHAYUAN, "2019")].basic) == (D("24169.74"), D("15844.04"))
    only = run(corpus_store, "basic-vs-project", kind="预算", dept=WANLI)
    assert rows(only, "year", "total", "basic", "project", "unit") == [  # its three budgets
        ("2023", D("164978640"), D("99406297"), D("65572343"), "元"),
        ("2024", D("156211123"), D("99706020"), D("56505103"), "元"),
        ("2025", D("189767551"), D("101341746"), D("88425805"), "元")]


def test_fund_source_mix(corpus_store):
    frame = run(corpus_store, "fund-source-mix", dept=CAIZHENGJU)
    assert rows(frame, "year", "fund", "amount", "share") == [
        ("2024", "财政拨款", D("2940.05"), D("0.9979")), ("2024", "其他收入", D("6.20"), D("0.0021")),
        ("2025", "财政拨款", D("31214205.80"), D("1"))]
    seed = run(corpus_store, "fund-source-mix", kind="决算", dept=LUOYANG)
    assert len(seed) == 6 and seed.iloc[0]["fund"] == "财政拨款"
    assert seed.iloc[0]["amount"] == D("26256.35") and seed.iloc[0]["share"] == 1
    assert set(seed["amount"][1:]) == {0}


def test_sangong(corpus_store):
    frame = run(corpus_store, "sangong", dept="", year="2024")
    shanghai = frame[frame["department"] == CAIZHENGJU]
    assert rows(shanghai, "phase", "item", "measure", "amount") == [
        ("决算", "合计", "预算数", D("0.95")), ("决算", "公务接待费", "预算数", D("0.95"))]
    wanli = frame[frame["department"] == WANLI]
    assert dict(zip(wanli["item"], wanli["amount"]))["合计"] == D("47.91")
    seed = run(corpus_store, "sangong", year="2023")
    assert len(seed) == 12 and set(seed["amount"]) == {0}
    jiangsu = run(corpus_store, "sangong", year="2019", dept=JIANCHAYUAN)
    assert dict(zip(jiangsu["item"], jiangsu["amount"]))["培训费"] == D("700")


def test_year_over_year(corpus_store):
    frame = run(corpus_store, "year-over-year")
    row = frame[frame["code"] == "2010601"].iloc[0]
    assert (row["prior_year"], row["prior_phase"], row["year"], row["phase"]) == ("2024", "决算", "2025", "预算")
    assert (row["prior_wan"], row["amount_wan"]) == (D("1511.89"), D("1623.18408"))
    assert row["change_wan"] == D("111.29408") and row["change_pct"] == D("7.36")
    assert len(frame) == 11
    assert run(corpus_store, "year-over-year", kind="决算").empty
    assert rows(run(corpus_store, "year-over-year", level="类"), "code", "prior_wan") == [
        ("201", D("2106.66")), ("208", D("326.72")), ("210", D("60.99")), ("221", D("445.69"))]


def test_budget_vs_final(corpus_store, pair_store):
    assert run(corpus_store, "budget-vs-final", dept="").empty  # no department has both in one year
    frame = run(pair_store, "budget-vs-final", dept="")
    row = frame[frame["code"] == "2010601"].iloc[0]
    assert (row["budget_wan"], row["final_wan"]) == (D("1623.18408"), D("1511.89"))
    assert row["difference_wan"] == D("-111.29408") and row["execution_pct"] == D("93.14")
    assert "2010602" not in set(frame["code"])  # dropped from the budget
    zero = frame[frame["code"] == "2010607"].iloc[0]
    assert zero["budget_wan"] == 0 and pd_isna(zero["execution_pct"])
    classes = run(pair_store, "budget-vs-final", dept="", level="类")
    assert dict(zip(classes["code"], classes["final_wan"]))["221"] == D("445.69")


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_spending_without_budget(corpus_store, pair_store):
    assert run(corpus_store, "spending-without-budget", dept="").empty
    frame = run(pair_store, "spending-without-budget", dept="")
    assert rows(frame, "department", "code", "final_wan", "budget_status") == [
        (CAIZHENGJU, "2010602", D("10.00"), "absent"), (CAIZHENGJU, "2010607", D("135.25"), "0")]
    assert run(pair_store, "spending-without-budget", dept="", year="2025").empty


def test_code_name_variants(corpus_store):
    frame = run(corpus_store, "code-name-variants")
    variants = dict(zip(frame["code"], frame["variants"]))
    # 福利院 2024 (p. 14) numbers its 302 款 in sequence: 30213 printed for 其他商品和服务支出
    assert set(variants["30213"].split(" | ")) == {"维修（护）费", "维修(护)费", "其他商品和服务支出"}
    assert set(variants["20805"].split(" | ")) == {"行政事业单位养老支出", "行政事业单位离退休"}
    assert (frame["names"] >= 2).all()
    everything = run(corpus_store, "code-name-variants", min_names="1")
    assert len(everything) > len(frame)
    assert dict(zip(everything["code"], everything["names"]))["2210108"] == 1


def pinned_findings() -> dict[tuple[str, str, str], tuple[int, int]]:
    """(region as printed, rule, level) → (findings, disclosures), from every corpus document's
    tests/cases/*/findings.csv, where each finding is pinned with the reason it is real. One blank
    form printed as .xls and as .xlsx is one disclosure (the later file replaces the earlier)."""
    import csv

    found: dict[tuple[str, str, str], list] = {}
    seen = set()
    for directory in sorted((ROOT / "tests" / "cases").iterdir(), key=lambda d: d.name, reverse=True):
        if not (directory / "findings.csv").exists():
            continue
        case = json.loads((directory / "case.json").read_text(encoding="utf-8"))
        meta = case["metadata"]
        identity = (meta["department"], meta["year"], meta["kind"], tuple(sorted(case["tables"])))
        if identity in seen:
            continue
        seen.add(identity)
        with (directory / "findings.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (meta["region"], row["rule"], row["severity"].capitalize())
                found.setdefault(key, []).append(identity)
    return {key: (len(ids), len(set(ids))) for key, ids in found.items()}


def test_findings_by_rule_region(corpus_store):
    """Every finding of the store by region and rule is one pinned, with its reason, in the
    documents' findings.csv (the per-table list of codes the reference list lacks aside)."""
    frame = run(corpus_store, "findings-by-rule-region")
    found = {(r.region_name, r.rule, r.level): (r.findings, r.disclosures) for r in frame.itertuples()
             if r.rule != "code.not-in-reference-list"}
    assert found == pinned_findings()
    # tests/cases/luoyang-xigong-shequban-2023/findings.csv: one 尾差 (info) in the 302 row.
    assert found[("洛阳市西工区", "calculation.code-tree", "Info")] == (1, 1)
    assert set(frame["region_name"]) <= {"洛阳市西工区", "上海市普陀区", "江苏省", "上海市"}
    luoyang = run(corpus_store, "findings-by-rule-region", region="洛阳市西工区")
    assert set(luoyang["region_name"]) == {"洛阳市西工区"}
    violations = run(corpus_store, "findings-by-rule-region", severity="Violation")
    assert {(r.region_name, r.rule): r.findings for r in violations.itertuples()} == {
        (region, rule): n for (region, rule, level), (n, _) in pinned_findings().items()
        if level == "Violation"}
    assert violations["findings"].sum() > 0


def test_similar_departments(corpus_store):
    frame = run(corpus_store, "similar-departments", dept="")
    pairs = {frozenset((r.department_a, r.department_b)): r for r in frame.itertuples()}
    pair = pairs[frozenset((CAIZHENGJU, LUOYANG))]
    assert pair.shared == 3 and set(pair.shared_codes.split()) == {"2101101", "2210201", "2080505"}
    assert pair.jaccard == D("0.1765")  # 3 / (11 + 9 - 3)
    assert frame.iloc[0]["jaccard"] >= frame.iloc[-1]["jaccard"]
    # The Shanghai 单位预算 share their personnel 项 (2080501 …, 2101101, 2210201 …): at most 9
    # (商务委 and 万里街道), 8 for 政府办 and 商务委 (of 12 and 16: 0.4).
    eight = run(corpus_store, "similar-departments", dept="", min_shared="8")
    assert eight.iloc[0][["shared", "codes_a", "codes_b", "jaccard"]].tolist() == [8, 12, 16, D("0.4")]
    assert eight["shared"].max() == 9
    assert run(corpus_store, "similar-departments", dept="", min_shared="10").empty
    classes = run(corpus_store, "similar-departments", dept="", level="类")
    top = classes.iloc[0]  # 政府办 2025 and 财政局 print the same four 类: 201 208 210 221
    assert (frozenset((top.department_a, top.department_b)), top.jaccard, top.shared_codes) == (
        frozenset(("上海市普陀区人民政府办公室", CAIZHENGJU)), D("1"), "201 208 210 221")


def test_similar_departments_of_one_department(corpus_store):
    frame = run(corpus_store, "similar-departments", dept=LUOYANG)
    assert set(frame["department_a"]) == {LUOYANG}
    pair = frame[frame["department_b"] == CAIZHENGJU].iloc[0]
    assert (pair["shared"], pair["jaccard"]) == (3, D("0.1765"))  # as in the all-pairs answer
    assert run(corpus_store, "similar-departments", dept="没有这个部门").empty


def test_top_codes_of_one_year(corpus_store):
    seed_year = run(corpus_store, "top-codes", year="2023", top="1")
    assert rows(seed_year, "code", "total_wan", "disclosures") == [("2290402", D("15000.00"), 1)]
    shanghai_year = run(corpus_store, "top-codes", year="2024", top="1")
    assert rows(shanghai_year, "code", "total_wan") == [("2010601", D("1511.89"))]


def test_department_parameter_is_the_printed_name_normalised(corpus_store):
    spaced = run(corpus_store, "expenditure-by-code", dept=" 洛阳市西工区 社区治理和服务创新办公室")
    assert spaced.equals(run(corpus_store, "expenditure-by-code"))


def test_coverage_lists_each_department_and_kind(corpus_store):
    frame = run(corpus_store, "coverage")
    # 14 departments (three of them the blank forms' placeholders); 财政局 has a 决算 and a 预算
    assert len(frame) == 14
    by = {(r.department, r.phase): r for r in frame.itertuples()}
    seed = by[(LUOYANG, "决算")]
    assert (seed.years, seed.disclosures, seed.facts, seed.region_name) == ("2023", 1, 689, "洛阳市西工区")
    assert (by[(CAIZHENGJU, "决算")].years, by[(CAIZHENGJU, "预算")].years) == ("2024", "2025")
    # 人大: 2017 162 + 2018 158 + 2019's 公开表 163 numbers; its 2019 文件 prints none (…/text)
    renda = by[("江苏省人大常委会办公厅", "预算")]
    assert (renda.years, renda.disclosures, renda.facts) == ("2017 2018 2019", 4, 483)
    assert by[("上海市普陀区XX局", "预算")].facts == 0  # listed though it prints no numbers
    assert by[(CAIZHENGJU, "预算")].facts == 241
    findings = run(corpus_store, "findings-by-rule-region", region="洛阳市西工区")
    assert seed.findings == findings["findings"].sum() > 0
    assert len(run(corpus_store, "coverage", kind="决算")) == 3


def test_disclosures_count_their_tables(corpus_store):
    """The per-disclosure counts that coverage once listed, still in each disclosure's graph: the
    tables found and those printed empty, as tests/cases/*/case.json records them."""
    expected = set()
    for path in (ROOT / "tests" / "cases").glob("*/case.json"):
        case = json.loads(path.read_text(encoding="utf-8"))
        tables = case["tables"].values()
        expected.add((case["metadata"]["department"], str(case["metadata"]["year"]), len(tables),
                      sum(bool(table.get("empty")) for table in tables)))
    frame = corpus_store.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?department ?year ?tables ?empty WHERE { GRAPH ?d {
          ?d gk:department/skos:prefLabel ?label ; gk:fiscalYear ?fy ; gk:printedTableCount ?tables ;
             gk:emptyTableCount ?empty .
          BIND (STR(?label) AS ?department) BIND (STR(?fy) AS ?year) } }""")
    assert {tuple(row) for row in frame.itertuples(index=False)} == expected
    # every disclosure of the corpus has its case (the blank unit form's two files give one row)
    assert (LUOYANG, "2023", 9, 1) in expected and len(expected) == len(corpus_files()) - 1


def test_codes_not_in_reference(corpus_store):
    frame = run(corpus_store, "codes-not-in-reference")
    names = dict(zip(frame["code"], frame["name"]))
    assert names["2210108"] == "老旧小区改造"
    assert set(frame["departments"]) == {LUOYANG}
    assert run(corpus_store, "codes-not-in-reference", year="2019").empty


def test_empty_tables(corpus_store):
    frame = run(corpus_store, "empty-tables", dept="")
    assert len(frame) == empty_tables_of_the_cases()
    seed = run(corpus_store, "empty-tables", dept=LUOYANG)
    assert rows(seed, "table", "first_page") == [("国有资本经营预算财政拨款收入支出决算表", 21)]
    assert len(run(corpus_store, "empty-tables", dept="", kind="预算")) == \
        empty_tables_of_the_cases("budget")


def empty_tables_of_the_cases(kind: str | None = None) -> int:
    """The tables printed empty, per tests/cases/*/case.json, of the disclosures in the store (the
    blank unit form is one disclosure, printed as .xls and .xlsx)."""
    found = {}
    for path in (ROOT / "tests" / "cases").glob("*/case.json"):
        case = json.loads(path.read_text(encoding="utf-8"))
        meta = case["metadata"]
        if kind is None or meta["kind"] == kind:
            key = (meta["department"], meta["year"], meta["kind"], tuple(sorted(case["tables"])))
            found[key] = sum(bool(table.get("empty")) for table in case["tables"].values())
    return sum(found.values())


# ---------------------------------------------------------------- command line

def govkg(*args):
    return subprocess.run([str(Path(sys.executable).with_name("govkg")), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_lists_queries():
    result = govkg("queries", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert len(listed) >= 15
    assert "year:year=2023" in listed["sangong"]["params"]
    assert f"dept:department={LUOYANG}" in listed["sangong"]["params"]


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    """A store of its own for the subprocesses (the corpus store is held open, and locked, here)."""
    path = tmp_path_factory.mktemp("cli") / "store"
    result = govkg("ingest", str(SEED), "--store", str(path))
    assert result.returncode == 0, result.stderr
    return path


def test_cli_runs_a_library_query_with_params(cli_store):
    result = govkg("query", "expenditure-by-code", "--param", "level=类", "--param", f"dept={LUOYANG}",
                   "--param", "year=2023", "--store", str(cli_store), "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "department,phase,code,name,amount,unit,amount_wan"
    assert f"{LUOYANG},决算,221,住房保障支出,11471.66,万元,11471.66" in lines
    assert len(lines) == 7
    coverage = govkg("query", "coverage", "--store", str(cli_store), "--format", "json")
    assert coverage.returncode == 0, coverage.stderr
    assert [r["facts"] for r in json.loads(coverage.stdout)] == [689]
    hostile = govkg("query", "empty-tables", "--param", 'dept=x" || true) } #', "--store",
                    str(cli_store), "--format", "csv")
    assert hostile.returncode == 0 and hostile.stdout.strip().count("\n") == 0
    assert len(hostile.stdout.strip().splitlines()) == 1  # the header only


@pytest.mark.parametrize("args,message", [
    (["query", "no-such-query"], "unknown query"),
    (["query", "sangong", "--param", "year=24"], "4 digits"),
    (["query", "sangong", "--param", "bogus=1"], "no parameter"),
    (["query", "sangong", "--param", "year"], "NAME=VALUE"),
    (["query", "sangong", "--sparql", "SELECT * WHERE { ?s ?p ?o }"], "exactly one"),
    (["query"], "exactly one"),
])
def test_cli_errors_are_one_line_with_exit_2(cli_store, args, message):
    result = govkg(*args, "--store", str(cli_store))
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
