"""Ingest with a pool of processes: the same store as one process, results in the order given.

Real corpus PDFs (a few small 公开表), the seed's text and an altered copy of it (another
department printing a code the reference list lacks under another name, so the check against the
store's other disclosures has something to find), and a file that is no disclosure, ingested into
real embedded stores: in one process and in two, through the bulk loader (a store without
disclosures) and through atomic updates.
"""

from __future__ import annotations

import pytest

from conftest import SEED, corpus_files, extracted
from kg.graph import CODES_GRAPH, ONTOLOGY_GRAPH
from kg.ingest import ingest
from kg.store import open_store
from kg.summary import SUMMARY_GRAPH

SMALL = ("jiangsu-zhengxie-2018-tables.pdf", "jiangsu-renda-bangongting-2019-tables.pdf",
         "jiangsu-zhengxie-2019-tables.pdf")
DEPARTMENT, OTHER = "洛阳市西工区社区治理和服务创新办公室", "洛阳市西工区民政局"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Not in sorted order; the bad file among the good ones; the altered copy after the seed."""
    folder = tmp_path_factory.mktemp("files")
    pdfs = {p.name: p for p in corpus_files() if p.name in SMALL}
    altered = folder / "altered.txt"
    text = SEED.read_text(encoding="utf-8").replace(DEPARTMENT, OTHER)
    assert text.count("31022 无形资产购置 0") == 1
    altered.write_text(text.replace("31022 无形资产购置 0", "31022 无形资产购建 0"), encoding="utf-8")
    bad = folder / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00\x01\x02" * 100)
    return [pdfs[SMALL[0]], SEED, bad, pdfs[SMALL[1]], altered, pdfs[SMALL[2]]]


def ingested(tmp_path_factory, files, **how):
    store = open_store(tmp_path_factory.mktemp("store") / "store")
    return store, ingest(files, store, **how)


@pytest.fixture(scope="module")
def runs(tmp_path_factory, files):
    """name → (store, results): one process or two, incremental (atomic updates) or bulk."""
    return {"one": ingested(tmp_path_factory, files, jobs=1, bulk=False),
            "one, bulk": ingested(tmp_path_factory, files, jobs=1),  # a fresh store: bulk
            "two": ingested(tmp_path_factory, files, jobs=2),
            "two, incremental": ingested(tmp_path_factory, files, jobs=2, bulk=False)}


def content(store) -> dict[str, set[bytes]]:
    """Every disclosure graph and the summary graph, as sets of N-Triples lines (no blank nodes)."""
    names = [n for n in store.graph_names() if n not in (str(ONTOLOGY_GRAPH), str(CODES_GRAPH))]
    assert SUMMARY_GRAPH in names
    return {name: set(store.graph_ntriples(name).splitlines()) for name in names}


def test_two_processes_load_the_very_same_store_as_one(runs):
    one = content(runs["one"][0])
    assert len(one) == 6  # five disclosures and the summary
    assert content(runs["two, incremental"][0]) == one
    assert content(runs["two"][0]) == content(runs["one, bulk"][0])


def test_the_bulk_loader_on_an_empty_store_gives_what_atomic_updates_give(runs, tmp_path):
    from kg.ingest import bulk_applies, load_reference_graphs

    fresh = open_store(tmp_path / "store")
    load_reference_graphs(fresh)
    assert bulk_applies(fresh) and not bulk_applies(runs["one, bulk"][0])
    assert content(runs["one, bulk"][0]) == content(runs["one"][0])


def test_results_come_back_in_the_order_given(runs, files):
    one = runs["one"][1]
    for name, (store, results) in runs.items():
        assert [r.path for r in results] == files, name
        assert [r.disclosure for r in results] == [r.disclosure for r in one], name
        assert [r.facts for r in results] == [r.facts for r in one], name
        for result in results:
            if result.ok:
                assert result.triples == store.count(result.disclosure)
                assert not result.unchanged


def test_a_bad_file_is_reported_in_one_line_and_the_others_load(runs, files):
    for name, (store, results) in runs.items():
        assert [r.ok for r in results] == [True, True, False, True, True, True], name
        error = str(results[2].error)
        assert error.startswith(str(files[2])) and "\n" not in error
        assert len(store.graph_names()) == 3 + 5  # ontology, codes, summary; the good ones


def test_the_check_against_the_store_sees_the_files_loaded_before(runs):
    """The altered copy, loaded after the seed, is told the seed prints 31022 otherwise; the
    seed, loaded before it, is not (as in a run of one file at a time)."""
    for name, (_, results) in runs.items():
        seed, copy = results[1].validation, results[4].validation
        (finding,) = [f for f in copy.findings if f.rule == "code.name-elsewhere"]
        assert (finding.code, finding.item) == ("31022", "无形资产购建"), name
        assert f"{DEPARTMENT} 2023 年决算" in finding.message_zh
        assert not [f for f in seed.findings if f.rule == "code.name-elsewhere"]


def test_the_two_part_validation_equals_one_validation_with_the_store(runs, files):
    """What ingest finds for the last file (checked without the store where it was read, then
    against the store) equals kg.validate.validate of its graph with the store in one run."""
    from kg.graph import MemoryGraph, build
    from kg.validate import validate

    store, results = runs["two"]
    whole = validate(MemoryGraph.from_rdflib(build(extracted(files[4]))),
                     source=str(files[4]), store=store)
    assert whole.findings == results[4].validation.findings
    assert (whole.checked, whole.not_checked, whole.facts) == (
        results[4].validation.checked, results[4].validation.not_checked,
        results[4].validation.facts)


def test_files_already_in_the_store_are_skipped_unread(runs, files, tmp_path):
    store, _ = runs["two"]
    before = content(store)
    again = ingest(files, store, jobs=2)
    assert [r.unchanged for r in again] == [True, True, False, True, True, True]
    assert content(store) == before
    # The same file twice in one run: read once, the second is the first's record.
    fresh = open_store(tmp_path / "store")
    first, second = ingest([SEED, SEED], fresh, jobs=2)
    assert first.ok and not first.unchanged and second.unchanged
    assert second.triples == first.triples


def test_more_files_than_the_pool_holds_ahead_all_come_back_in_order(runs, files, tmp_path):
    """Each file twice with --force (twelve, more than the files kept ahead of the writer): the
    second of each replaces the first, as one at a time (the seed's second copy now meets the
    altered copy), and the store is the same as one process makes."""
    store, alone = open_store(tmp_path / "two"), open_store(tmp_path / "one")
    results = ingest(files * 2, store, jobs=2, force=True)
    assert [r.path for r in results] == files * 2
    assert [r.disclosure for r in results[6:]] == [r.disclosure for r in results[:6]]
    ingest(files * 2, alone, jobs=1, force=True)
    assert content(store) == content(alone)
