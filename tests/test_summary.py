"""The store's summary graph (kg.summary) follows the disclosures in the store."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal

from tests.conftest import ROOT, SEED, extracted, seed_copy

CORPUS = ROOT.parent / "shared" / "corpus"
SHANGHAI = CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"
SHANGHAI_BUDGET = CORPUS / "budgets" / "shanghai-putuo-caizhengju-2025.pdf"


def code_total(store, code: str):
    frame = store.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?total ?departments WHERE { GRAPH <https://w3id.org/govkg/graph/summary> {
          ?cell a gk:CodeTotal ; gk:kind gk:FinalAccounts ; skos:notation ?code ;
                gk:amountWan ?total ; gk:departmentCount ?departments .
          FILTER NOT EXISTS { ?cell gk:fiscalYear ?year } } }""",
                         {"code": Literal(code)})
    return [tuple(row) for row in frame.itertuples(index=False)]


def test_summary_follows_each_ingest(tmp_path):
    from kg.ingest import ingest
    from kg.store import open_store

    store = open_store(tmp_path / "store")
    ingest([SEED], store)
    # 住房公积金: 5.66 万元 in the seed's 支出决算表.
    assert code_total(store, "2210201") == [(Decimal("5.66"), 1)]
    ingest([SHANGHAI], store)
    # … plus 187.19 in 上海市普陀区财政局's 2024 决算: two departments now.
    assert code_total(store, "2210201") == [(Decimal("192.85"), 2)]
    assert code_total(store, "2290402") == [(Decimal("15000.00"), 1)]  # the seed's alone


def test_summary_cells_are_not_observations(tmp_path):
    """Summary cells carry no gk:item or gk:amount: questions over observations never see them."""
    from kg.ingest import ingest
    from kg.store import open_store

    store = open_store(tmp_path / "store")
    ingest([SEED], store)
    frame = store.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/govkg/graph/summary> {
          { ?s gk:item ?o } UNION { ?s gk:amount ?o } } }""")
    assert frame.iloc[0, 0] == 0
    assert store.count("https://w3id.org/govkg/graph/summary") > 0


def summary_triples(store) -> set[str]:
    from kg.summary import SUMMARY_GRAPH

    return set(store.graph_ntriples(SUMMARY_GRAPH).decode("utf-8").splitlines())


def test_incremental_summary_equals_a_full_rebuild(tmp_path):
    """Add, replace and remove real disclosures one by one; the summary the deltas leave is the
    one a rebuild from the remaining graphs makes, triple for triple."""
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import rebuild_summary, remove_disclosure

    store = open_store(tmp_path / "store")
    added = ingest([SEED, SHANGHAI, SHANGHAI_BUDGET], store)
    assert all(r.ok for r in added)
    # The seed again, 住房公积金 renamed and raised by 1.00 in its 支出决算表: its graph is replaced.
    altered = seed_copy(tmp_path, "2210201 住房公积金 5.66 5.66 0 0 0 0\n",
                        "2210201 住房公积金（调整） 6.66 6.66 0 0 0 0\n")
    (replaced,) = ingest([altered], store)
    assert replaced.ok and replaced.disclosure == added[0].disclosure
    assert code_total(store, "2210201") == [(Decimal("193.85"), 2)]
    remove_disclosure(store, added[1].disclosure)
    assert code_total(store, "2210201") == [(Decimal("6.66"), 1)]
    incremental = summary_triples(store)
    rebuild_summary(store)
    assert summary_triples(store) == incremental


def test_unchanged_or_forced_reingest_leaves_the_summary_as_it_was(tmp_path):
    from kg.ingest import ingest
    from kg.store import open_store

    store = open_store(tmp_path / "store")
    ingest([SEED, SHANGHAI], store)
    before = summary_triples(store)
    (again,) = ingest([SEED], store)
    assert again.unchanged
    assert summary_triples(store) == before
    ingest([SEED], store, force=True)  # subtracted and added again: the same cells
    assert summary_triples(store) == before


def test_removing_the_last_disclosure_empties_the_summary(tmp_path):
    """No cell, member or name outlives the disclosures that made it (only the summary's mark)."""
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import remove_disclosure

    store = open_store(tmp_path / "store")
    (result,) = ingest([SEED], store)
    remove_disclosure(store, result.disclosure)
    assert store.count(result.disclosure) == 0
    assert len(summary_triples(store)) == 1


def test_a_failed_load_leaves_the_summary_as_it_was(tmp_path):
    """The delta and the load are one update: a graph the store refuses moves no cell."""
    import pytest
    from rdflib import Graph, URIRef

    from kg.errors import StoreError
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import replace_disclosure

    store = open_store(tmp_path / "store")
    (result,) = ingest([SEED], store)
    before, triples = summary_triples(store), store.count(result.disclosure)
    broken = Graph(identifier=URIRef(result.disclosure))
    # an IRI with a control character: rdflib writes it, SPARQL's IRIREF forbids it
    broken.add((URIRef("https://example.org/bad\x01iri"), URIRef("https://example.org/p"),
                URIRef("https://example.org/o")))
    with pytest.raises(StoreError):
        replace_disclosure(store, broken)
    assert summary_triples(store) == before
    assert store.count(result.disclosure) == triples


def test_coverage_follows_a_departments_years(tmp_path):
    """A second year of the seed's department joins its coverage row; removing it leaves the first."""
    import dataclasses

    from kg.graph import build
    from kg.ingest import ingest
    from kg.query import run_query
    from kg.store import open_store
    from kg.summary import rebuild_summary, remove_disclosure, replace_disclosure

    store = open_store(tmp_path / "store")
    ingest([SEED], store)
    seed = extracted(SEED)
    earlier = build(dataclasses.replace(seed, metadata=dataclasses.replace(
        seed.metadata, year=2022, source_sha256="0" * 64)))
    replace_disclosure(store, earlier)

    def coverage():
        return [(r.years, r.disclosures, r.facts) for r in run_query(store, "coverage").itertuples()]

    assert coverage() == [("2022 2023", 2, 2 * 689)]
    incremental = summary_triples(store)
    rebuild_summary(store)
    assert summary_triples(store) == incremental
    remove_disclosure(store, str(earlier.identifier))
    assert coverage() == [("2023", 1, 689)]


def has_digest(store) -> bool:
    from kg.summary import DIGEST, SUMMARY_GRAPH

    return bool(store.select(f"ASK {{ GRAPH <{SUMMARY_GRAPH}> {{ <{SUMMARY_GRAPH}> <{DIGEST}> ?d }} }}")
                .iloc[0, 0])


def test_the_bulk_rebuild_makes_what_summary_ru_makes_in_one_update(tmp_path):
    """The embedded store rebuilds insert by insert through the bulk loader; an endpoint runs
    summary.ru as one update. Both make the same summary, the digest aside."""
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import HERE, rebuild_summary

    store = open_store(tmp_path / "store")
    assert all(r.ok for r in ingest([SEED, SHANGHAI, SHANGHAI_BUDGET], store))
    rebuild_summary(store)
    bulk = summary_triples(store)
    store.update((HERE / "summary.ru").read_text(encoding="utf-8"))
    assert not has_digest(store)
    assert summary_triples(store) == {t for t in bulk if "#sha256>" not in t}
    assert len(bulk) > 4_000


def test_a_rebuild_stopped_midway_leaves_no_digest_and_is_made_again(tmp_path):
    """The bulk rebuild is not atomic: until its last insert is in, the summary has no digest,
    so the next ingest's ensure_summary rebuilds it whole."""
    import pytest

    from kg.errors import StoreError
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import ensure_summary, rebuild_summary

    store = open_store(tmp_path / "store")
    ingest([SEED, SHANGHAI], store)
    whole = summary_triples(store)
    loaded, bulk_load = [], store.bulk_load_graph

    def failing_third(name, data):  # the real bulk loader, until the third insert
        loaded.append(has_digest(store))
        if len(loaded) == 3:
            raise StoreError("disk full")
        bulk_load(name, data)

    store.bulk_load_graph = failing_third
    with pytest.raises(StoreError):
        rebuild_summary(store)
    del store.bulk_load_graph
    assert loaded == [False] * 3 and not has_digest(store)
    assert len(summary_triples(store)) < len(whole)
    ensure_summary(store)
    assert summary_triples(store) == whole


def test_a_rebuild_in_a_pool_makes_the_summary_one_process_makes(tmp_path):
    """Two processes compute the inserts from a snapshot of the store (on a large store, the
    default); the summary is the one this process alone makes, and the snapshot is gone."""
    from kg.ingest import ingest
    from kg.store import open_store
    from kg.summary import rebuild_summary

    store = open_store(tmp_path / "store")
    ingest([SEED, SHANGHAI, SHANGHAI_BUDGET], store)
    rebuild_summary(store, jobs=1)
    alone = summary_triples(store)
    rebuild_summary(store, jobs=2)
    assert summary_triples(store) == alone and has_digest(store)
    assert [p.name for p in tmp_path.iterdir()] == ["store"]
