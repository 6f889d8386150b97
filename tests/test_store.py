"""The real embedded Oxigraph store on disk: named graphs, determinism, queries, bad input."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from conftest import ROOT, SEED
from kg.graph import CODES_GRAPH, ONTOLOGY_GRAPH, build
from kg.ingest import ingest
from kg.query import EXPORT_COLUMNS, facts_frame, query, read_query_file
from kg.summary import SUMMARY_GRAPH


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A store on disk with the seed ingested once, for the tests that only read it."""
    from kg.store import open_store

    store = open_store(tmp_path_factory.mktemp("loaded") / "store")
    (result,) = ingest([SEED], store)
    assert result.ok
    return store


def quads(store) -> set[tuple]:
    frame = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return set(map(tuple, frame.astype(str).values.tolist()))


def test_one_named_graph_per_disclosure_beside_ontology_and_codes(store):
    (result,) = ingest([SEED], store)
    assert result.ok and result.facts == 689 and result.tables == 9 and result.empty_tables == 1
    assert set(store.graph_names()) == {str(ONTOLOGY_GRAPH), str(CODES_GRAPH), SUMMARY_GRAPH,
                                        result.disclosure}
    assert store.count(result.disclosure) == result.triples


def test_ingesting_twice_gives_the_same_graph(store, tmp_path, seed_disclosure):
    ingest([SEED], store)
    first = quads(store)
    ingest([SEED], store)
    assert quads(store) == first
    # and building twice gives isomorphic graphs, without blank nodes
    from rdflib.compare import isomorphic

    a, b = build(seed_disclosure), build(seed_disclosure)
    assert isomorphic(a, b) and set(a) == set(b)
    assert not any(isinstance(term, __import__("rdflib").BNode) for triple in a for term in triple)


def test_expenditure_by_class_query_returns_what_the_table_prints(loaded):
    answer = query(loaded, read_query_file(ROOT / "queries" / "expenditure-by-class.rq"))
    golden = pd.read_csv(ROOT / "tests/cases/luoyang-xigong-shequban-2023/facts.csv", dtype=str,
                         keep_default_na=False)
    printed = golden[(golden.table == "支出决算表") & (golden.measure == "本年支出合计")
                     & (golden.code.str.len() == 3)]
    assert dict(zip(answer.code, answer.amount)) == {
        c: Decimal(a) for c, a in zip(printed.code, printed.amount)}
    assert dict(zip(answer.code, answer.name))["221"] == "住房保障支出"
    assert len(answer) == 6


def test_export_rows_match_the_extraction(loaded, seed_disclosure):
    frame = facts_frame(loaded)
    assert list(frame.columns) == EXPORT_COLUMNS
    assert len(frame) == len(seed_disclosure.facts)
    row = frame[(frame.table == "支出决算表") & (frame.code == "2210108") & (frame.measure == "本年支出合计")]
    assert row[["item", "amount", "unit", "page", "kind", "year"]].values.tolist() == [
        ["老旧小区改造", "11466.00", "万元", 13, "决算", "2023"]]
    zero = frame[(frame.table == "收入决算表") & (frame.code == "201") & (frame.measure == "事业收入")]
    assert zero.amount.tolist() == ["0"]
    assert set(frame.fund[frame.table == "一般公共预算财政拨款支出决算表"]) == {"一般公共预算财政拨款"}


def test_codes_outside_the_reference_list_are_concepts_named_as_printed(loaded):
    # DISTINCT: a printed code's notation is in the codes graph and in the disclosure's graph,
    # and Oxigraph's union default graph repeats a triple held by several graphs.
    frame = loaded.select("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        SELECT DISTINCT ?code ?name ?ref WHERE {
          ?c skos:notation ?code ; skos:prefLabel ?name ; gk:inReferenceList ?ref ;
             skos:inScheme <https://w3id.org/govkg/code/functional/2023> .
          FILTER (?code IN ("2210108", "2120101")) } ORDER BY ?code""")
    assert frame.values.tolist() == [["2120101", "行政运行", True], ["2210108", "老旧小区改造", False]]


def test_provenance_reaches_page_line_and_file_hash(loaded, seed_disclosure):
    frame = loaded.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX qb: <http://purl.org/linked-data/cube#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        SELECT ?page ?line ?sha WHERE {
          # The store keeps the location's IRI (…/source/page-P/line-L); the file is the disclosure's.
          GRAPH ?d { ?obs gk:lineNumber 62 ; gk:column ?column ; gk:sourceLocation ?loc }
          ?d gk:sourceFile/gk:sha256 ?sha .
          <https://w3id.org/govkg/def/table/final-01> gk:hasColumn ?column .
          BIND (xsd:integer(STRBEFORE(STRAFTER(STR(?loc), "/source/page-"), "/line-")) AS ?page)
          BIND (xsd:integer(STRAFTER(STR(?loc), "/line-")) AS ?line) }""")
    assert frame.values.tolist() == [[9, 193, seed_disclosure.metadata.source_sha256]]


def test_bad_files_write_nothing_and_do_not_stop_the_others(store, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    broken = tmp_path / "broken.txt"
    broken.write_text(SEED.read_text(encoding="utf-8").replace(
        "201 一般公共服务支出 5.00 5.00 0 0 0 0 0", "201 一般公共服务支出 5.00 5.00 0 0 0 0"), encoding="utf-8")
    results = ingest([empty, binary, broken, SEED], store, strict=True)
    assert [r.ok for r in results] == [False, False, False, True]
    assert "empty file" in str(results[0].error) and "binary" in str(results[1].error)
    assert "6 numbers for 7 columns" in str(results[2].error)
    assert len(store.graph_names()) == 4  # ontology, codes, summary and the one good disclosure


def test_a_table_that_cannot_be_read_is_a_reading_warning_and_the_rest_loads(store, tmp_path):
    """Not --strict: the broken 收入决算表 (a row with 6 numbers for 7 columns) is not loaded and says so; its
    sums are not checked, the other eight tables load and are checked."""
    broken = tmp_path / "broken.txt"
    broken.write_text(SEED.read_text(encoding="utf-8").replace(
        "201 一般公共服务支出 5.00 5.00 0 0 0 0 0", "201 一般公共服务支出 5.00 5.00 0 0 0 0"), encoding="utf-8")
    (result,) = ingest([broken], store)
    assert result.ok and result.tables == 9
    (warning,) = result.validation.tables_not_read
    assert (warning.severity.value, warning.category, warning.page) == ("warning", "reading", 10)
    assert warning.table == "收入决算表" and "6 numbers for 7 columns" in warning.message_zh
    assert result.validation.status == "partly read"
    assert any("表未能读取" in cell for item in result.validation.not_checked for cell in item.missing)
    printed = store.select("""SELECT (COUNT(?o) AS ?n) WHERE { ?o <https://w3id.org/govkg/ontology#table>
                              <https://w3id.org/govkg/def/table/final-02> }""")
    assert int(printed.iloc[0, 0]) == 0 and 0 < result.facts < 689


def test_a_printed_name_holding_a_line_separator_loads_whole(store, seed_disclosure):
    """N-Triples leaves U+2028 and U+0085 unescaped inside a literal (Oxigraph's writer and
    rdflib's alike), and an Excel cell or a PDF's text can hold them. The atomic update that loads
    a disclosure (ingest's way into a store already holding one) is cut into triples at line
    feeds only."""
    import dataclasses

    from kg.summary import replace_disclosure

    facts = seed_disclosure.facts.copy()
    printed = "其他支出\u2028（含\u0085结转）"
    facts.loc[facts.index[0], "item"] = printed
    graph = build(dataclasses.replace(seed_disclosure, facts=facts))
    assert replace_disclosure(store, graph) == len(graph)
    assert store.count(str(graph.identifier)) == len(graph)
    names = store.select("SELECT ?name WHERE { GRAPH ?g { ?o <https://w3id.org/govkg/ontology#item> ?name } }")
    assert printed in set(names["name"])
