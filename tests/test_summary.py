"""The store's summary graph (kg.summary) follows the disclosures in the store."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal

from tests.conftest import ROOT, SEED

SHANGHAI = ROOT.parent / "shared" / "corpus" / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"


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


def test_summary_is_rebuilt_after_each_ingest_run(tmp_path):
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
