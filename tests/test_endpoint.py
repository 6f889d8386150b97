"""A real Oxigraph server process as the store: ingest through --endpoint, query both there and
on the embedded store, re-ingest, replace one document, and a load that fails."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef

from conftest import GOVKG, ROOT, SEED, cli_env, free_port
from kg.errors import StoreError
from kg.query import facts_frame, list_queries, query, read_query_file, run_query
from kg.store import EndpointStore, open_store
from kg.summary import SUMMARY_GRAPH

OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
FINAL_PDF = ROOT.parent / "shared/corpus/final-accounts/shanghai-putuo-caizhengju-2024.pdf"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`oxigraph serve` on a loopback port, as a real process; stopped after the module."""
    port = free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path_factory.mktemp("ox")),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail("the oxigraph server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


def govkg(*args):
    return subprocess.run([GOVKG, *map(str, args)], capture_output=True, text=True, timeout=600,
                          env=cli_env())


@pytest.fixture(scope="module")
def loaded(server, tmp_path_factory):
    """The same two documents in the server (through the CLI) and in an embedded store."""
    files = [SEED, FINAL_PDF]
    done = govkg("ingest", *files, "--endpoint", f"{server}/query", "--update-endpoint", f"{server}/update")
    assert done.returncode == 0, done.stderr
    embedded = tmp_path_factory.mktemp("embedded") / "store"
    done = govkg("ingest", *files, "--store", embedded)
    assert done.returncode == 0, done.stderr
    return EndpointStore(f"{server}/query", f"{server}/update"), open_store(embedded)


def quads(store) -> set[tuple]:
    frame = store.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    return set(map(tuple, frame.astype(str).values.tolist()))


def test_library_queries_give_the_same_answers_on_the_server_and_embedded(loaded):
    remote, embedded = loaded
    answered = []
    for name, params in list_queries()[["name", "params"]].itertuples(index=False):
        a, b = run_query(remote, name), run_query(embedded, name)  # with their defaults
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)
        if not a.empty:
            answered.append(name)
        if "dept:department=" in params:  # and for every department, as the defaults name one
            a, b = run_query(remote, name, dept=""), run_query(embedded, name, dept="")
            pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), obj=name)
    # the two documents loaded here (seed 2023, Shanghai 2024 决算) answer these with defaults
    assert {"expenditure-by-class", "expenditure-by-code", "coverage", "sangong",
            "basic-vs-project", "codes-not-in-reference"} <= set(answered)
    a, b = facts_frame(remote), facts_frame(embedded)
    assert len(a) == 689 + 195
    pd.testing.assert_frame_equal(a, b)
    # The summary moved by SPARQL Update over HTTP is the one moved inside the embedded store.
    remote_summary = {q for q in quads(remote) if q[0] == SUMMARY_GRAPH}
    assert remote_summary == {q for q in quads(embedded) if q[0] == SUMMARY_GRAPH}
    assert len(remote_summary) > 1000


def test_bound_parameters_are_values_not_text(loaded):
    remote, embedded = loaded
    text = ("PREFIX gk: <https://w3id.org/govkg/ontology#> SELECT (COUNT(?o) AS ?n) "
            "WHERE { ?o gk:item ?item }")
    for store in loaded:
        (n,) = store.select(text, {"item": Literal("老旧小区改造")}).iloc[:, 0]
        assert n == 7 + 6 + 3  # its row in the 收入, 支出 and 一般公共预算 tables of the seed
        hostile = Literal('x" } } DROP ALL ; SELECT * WHERE { ?a ?b "')
        (n,) = store.select(text, {"item": hostile}).iloc[:, 0]
        assert n == 0
        separated = Literal("其他支出\u2028（含\u0085结转）")  # left unescaped in the query's text
        (value,) = store.select("SELECT ?v WHERE { BIND (?given AS ?v) }", {"given": separated}).iloc[:, 0]
        assert value == str(separated)


def test_reingest_is_a_no_op(server, loaded):
    remote, _ = loaded
    before = quads(remote)
    done = govkg("ingest", SEED, "--endpoint", f"{server}/query", "--update-endpoint", f"{server}/update")
    assert done.returncode == 0 and "unchanged" in done.stdout
    assert quads(remote) == before


def test_a_changed_document_replaces_only_its_graph(server, loaded, tmp_path):
    remote, _ = loaded
    changed = tmp_path / "luoyang-corrected.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace(
        "2210108 老旧小区改造 11,466.00 0 11,466.00 0 0 0", "2210108 老旧小区改造 11,466.00 1 11,465.00 0 0 0"),
        encoding="utf-8")
    before = quads(remote)
    done = govkg("ingest", changed, "--endpoint", f"{server}/query", "--update-endpoint", f"{server}/update")
    assert done.returncode in (0, 1), done.stderr  # 1: the change breaks sums (findings)
    after = quads(remote)
    changed_graphs = {q[0] for q in before ^ after}
    # The summary graph is derived from every disclosure: the load's update moves it too.
    assert SUMMARY_GRAPH in changed_graphs
    changed_graphs.discard(SUMMARY_GRAPH)
    assert len(changed_graphs) == 1 and "/disclosure/" in changed_graphs.pop()
    frame = remote.select("""PREFIX gk: <https://w3id.org/govkg/ontology#>
        SELECT ?amount WHERE { ?o gk:column ?column ;
          gk:functionalClassification/<http://www.w3.org/2004/02/skos/core#notation> "2210108" ;
          gk:amount ?amount .
          <https://w3id.org/govkg/def/table/final-03> gk:hasColumn ?column .
          ?column gk:measure <https://w3id.org/govkg/def/measure/BasicExpenditure> }""")
    assert [str(a) for a in frame["amount"]] == ["1"]
    govkg("ingest", SEED, "--force", "--endpoint", f"{server}/query", "--update-endpoint", f"{server}/update")


def broken_graph(name: str) -> Graph:
    """A graph no SPARQL server can load: 100 good triples, then an IRI with a control
    character (rdflib writes it; SPARQL's IRIREF forbids it)."""
    graph = Graph(identifier=URIRef(name))
    for i in range(100):
        graph.add((URIRef(f"https://example.org/s{i}"), URIRef("https://example.org/p"), Literal(i)))
    graph.add((URIRef("https://example.org/bad\x01iri"), URIRef("https://example.org/p"), Literal(1)))
    return graph


@pytest.mark.parametrize("where", ["endpoint", "embedded"])
def test_a_failed_load_leaves_the_previous_graph(loaded, where):
    store = loaded[0] if where == "endpoint" else loaded[1]
    name = store.select("SELECT ?d WHERE { ?d a <https://w3id.org/govkg/ontology#Disclosure> } "
                        "ORDER BY ?d LIMIT 1").iloc[0, 0]
    before = store.count(name)
    with pytest.raises(StoreError):
        store.replace_graph(broken_graph(name))
    assert store.count(name) == before


def test_govkg_serve_answers_over_http_and_is_read_only(tmp_path):
    store = tmp_path / "store"
    assert govkg("ingest", SEED, "--store", store).returncode == 0
    port = free_port()
    process = subprocess.Popen([GOVKG, "serve", "--store", str(store), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert f"http://127.0.0.1:{port}/query" in process.stdout.readline()
        remote = EndpointStore(f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/update")
        for _ in range(100):
            try:
                answer = query(remote, read_query_file(ROOT / "queries" / "expenditure-by-class.rq"))
                break
            except StoreError:
                time.sleep(0.1)
        assert dict(zip(answer.code, answer.amount))["221"] == Decimal("11471.66")
        with pytest.raises(StoreError):
            remote.update("DROP ALL")
    finally:
        process.terminate()
        process.wait(timeout=10)
    # Stopping `govkg serve` stops the server itself: nothing is left listening on the port.
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_validate_and_export_against_the_endpoint(server, loaded, tmp_path):
    done = govkg("validate", "--endpoint", f"{server}/query", "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    import json

    documents = json.loads(done.stdout)["documents"]
    assert len(documents) >= 2 and all(d["checked"] > 0 for d in documents)
    out = tmp_path / "facts.csv"
    done = govkg("export", "--endpoint", f"{server}/query", "--format", "csv", "-o", out)
    assert done.returncode == 0, done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + 689 + 195


@pytest.fixture
def silent_server():
    """A peer that takes the connection and reads the request but never answers: what a hung
    SPARQL server looks like from the client (seen with Virtuoso 7.2, see test_virtuoso)."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed: the test is over
            connection.recv(65536)
            held.append(connection)

    import threading

    threading.Thread(target=serve, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    listener.close()
    for connection in held:
        connection.close()


def test_a_server_that_never_answers_is_an_error_not_a_wait(silent_server, tmp_path):
    store = EndpointStore(silent_server, timeout=1)
    for request in (lambda: store.select("ASK {}"), lambda: store.update("CLEAR ALL")):
        start = time.monotonic()
        with pytest.raises(StoreError, match=r"no answer in 1 s \(\$GOVKG_ENDPOINT_TIMEOUT\)"):
            request()
        assert time.monotonic() - start < 30
    # The command line: one line naming the endpoint, a non-zero exit.
    env = {**cli_env(), "GOVKG_ENDPOINT_TIMEOUT": "2"}
    done = subprocess.run([GOVKG, "ingest", SEED, "--endpoint", silent_server], capture_output=True,
                          text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: query failed at {silent_server}: no answer in 2 s ($GOVKG_ENDPOINT_TIMEOUT)"]


def test_an_ingest_stops_at_a_server_that_stopped_answering(server, loaded, silent_server, tmp_path):
    """Queries answered (the reference graphs and the summary are there), updates never: the first
    file fails with the timeout and the files after it are reported as not loaded, each without
    a wait of its own; nothing of theirs reaches the store."""
    from kg.errors import StoreUnavailable
    from kg.ingest import ingest

    text = SEED.read_text(encoding="utf-8")
    files = []
    for name in ("西工区测试甲办公室", "西工区测试乙办公室", "西工区测试丙办公室"):  # three departments
        files.append(tmp_path / f"{name}.txt")
        files[-1].write_text(text.replace("洛阳市西工区社区治理和服务创新办公室", name), encoding="utf-8")
    store = EndpointStore(f"{server}/query", silent_server, timeout=2)
    before = loaded[0].graph_names()
    start = time.monotonic()
    results = ingest(files, store)
    assert time.monotonic() - start < 2 * 10  # one timeout, not one per file
    assert all(isinstance(r.error, StoreUnavailable) for r in results)
    assert f"update failed at {silent_server}: no answer in 2 s" in str(results[0].error)
    assert [str(r.error) for r in results[1:]] == [
        f"{f}: not loaded: the store stopped answering at {files[0].name}" for f in files[1:]]
    assert loaded[0].graph_names() == before


def test_a_server_that_is_not_there_is_unavailable():
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    from kg.errors import StoreUnavailable

    with pytest.raises(StoreUnavailable, match=f"query failed at {url}: .*refused"):
        EndpointStore(url).select("ASK {}")


def test_a_timeout_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("GOVKG_ENDPOINT_TIMEOUT", "ten")
    with pytest.raises(StoreError, match="GOVKG_ENDPOINT_TIMEOUT='ten' is not a number of seconds"):
        EndpointStore("http://127.0.0.1:1/sparql")
