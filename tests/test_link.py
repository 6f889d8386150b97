"""Linking across documents on the whole corpus: one department node across years and kinds,
GB/T 2260 regions, code name variants, networkx graphs and GraphML."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import networkx as nx
import pytest

from conftest import SEED, corpus_files, extracted
from conftest import corpus_store as shared_corpus_store
from kg.link import code_tree, department_code_graph, region_tree, similar_departments, write_graphml
from kg.query import facts_frame
from kg.store import open_store

CORPUS = corpus_files()
CAIZHENGJU = "https://w3id.org/govkg/id/department/"


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    return open_store(shared_corpus_store(tmp_path_factory.mktemp("corpus") / "store"))


def test_export_region_column_holds_gb2260_codes(corpus_store):
    frame = facts_frame(corpus_store)
    regions = dict(zip(frame.department, frame.region))
    assert regions["洛阳市西工区社区治理和服务创新办公室"] == "410303"
    assert regions["上海市普陀区财政局"] == "310107"
    assert regions["江苏省人民检察院"] == "320000"


def test_region_tree_runs_province_city_district(corpus_store):
    tree = region_tree(corpus_store)
    assert nx.shortest_path(tree, "410000", "410303") == ["410000", "410300", "410303"]
    assert list(tree.predecessors("310107")) == ["310000"]
    assert tree.nodes["410303"]["label"] == "西工区"


def test_one_department_node_across_years_and_kinds(corpus_store):
    frame = corpus_store.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?department (COUNT(DISTINCT ?d) AS ?disclosures) WHERE {
          ?d gk:department ?department . ?department skos:prefLabel "上海市普陀区财政局"@zh }
        GROUP BY ?department""")
    assert len(frame) == 1 and frame.iloc[0]["disclosures"] == 2  # 2024 决算 and 2025 预算
    graph = department_code_graph(corpus_store)
    node = frame.iloc[0]["department"]
    spent = graph.edges[node, "code:2010601"]["spent"]
    assert set(spent) == {"2024 final", "2025 budget"}
    assert spent["2024 final"] == Decimal("15118900")  # 1511.89 万元, in 元
    assert spent["2025 budget"] == Decimal("16231840.80")


def test_similar_departments_and_the_codes_that_connect_them(corpus_store):
    pairs = similar_departments(department_code_graph(corpus_store))
    pair = pairs[(pairs.department_a == "上海市普陀区财政局")
                 & (pairs.department_b == "上海市普陀区人民政府万里街道办事处")]
    assert len(pair) == 1
    assert "2080505" in pair.iloc[0]["shared_codes"] and 0 < pair.iloc[0]["similarity"] < 1
    assert list(pairs.similarity) == sorted(pairs.similarity, reverse=True)


def test_code_tree_and_graphml_round_trip(corpus_store, tmp_path):
    tree = code_tree(corpus_store, "functional", 2024)
    assert nx.has_path(tree, "201", "2010101")
    graph = department_code_graph(corpus_store)
    path = tmp_path / "departments.graphml"
    write_graphml(graph, path)
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_printed_name_variants_are_labelled_with_their_source(corpus_store):
    frame = corpus_store.select("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?g ?code ?variant ?name WHERE {
          GRAPH ?g { ?c skos:altLabel ?variant } ?c skos:notation ?code ; skos:prefLabel ?name }""")
    # every variant sits in the graph of the disclosure that printed it, beside the listed name
    assert not frame.empty
    assert all("/id/disclosure/" in g for g in frame.g)
    assert all(v != n for v, n in zip(frame.variant, frame.name))


def test_export_has_one_row_per_number_across_the_corpus(corpus_store):
    # A department with two disclosures has its label in both graphs: still one row per number.
    facts = corpus_store.select("SELECT (COUNT(?o) AS ?n) WHERE { GRAPH ?d { ?o "
                                "<https://w3id.org/govkg/ontology#column> ?c } }")
    frame = facts_frame(corpus_store)
    assert len(frame) == int(facts.iloc[0, 0]) == numbers_read()


def numbers_read() -> int:
    """The numbers the extractor reads from the ingested files, each file once (the seed's text
    is in the corpus too); two blank forms of one disclosure print none."""
    files = {hashlib.sha256(path.read_bytes()).hexdigest(): path for path in [SEED, *CORPUS]}
    return sum(len(extracted(path).facts) for path in files.values())
