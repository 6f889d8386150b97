"""The installed `govkg` console script, run as a real process."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pytest
import rdflib

from conftest import GOVKG, ROOT, SEED, cli_env, corpus_files, corpus_ingest, corpus_store
from kg.query import EXPORT_COLUMNS


def govkg(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([GOVKG, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=cli_env(), timeout=300)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli") / "store"
    done = govkg("ingest", SEED, "--store", store)
    assert done.returncode == 0, done.stderr
    return store


@pytest.mark.parametrize("command", [[], ["ingest"], ["query"], ["export"], ["demo"], ["remove"]])
def test_help_on_every_command(command):
    done = govkg(*command, "--help")
    assert done.returncode == 0 and "Usage" in done.stdout


def test_ingest_prints_a_summary_and_skips_a_file_already_loaded(cli_store):
    done = govkg("ingest", SEED, "--store", cli_store)  # the fixture loaded it already
    assert done.returncode == 0 and "unchanged" in done.stdout
    counted = govkg("query", "--store", cli_store, "--format", "csv", "--sparql",
                    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                    "?g a <https://w3id.org/govkg/ontology#Disclosure> }")
    triples = counted.stdout.splitlines()[1]
    row = next(line for line in done.stdout.splitlines() if "unchanged" in line)
    assert "689" in row and f" {triples} " in row and "决算" in row
    forced = govkg("ingest", SEED, "--store", cli_store, "--force")
    assert "loaded" in forced.stdout and f" {triples} " in forced.stdout


def test_bad_input_exits_2_with_one_line_per_file_and_the_good_file_loads(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    store = tmp_path / "store"
    done = govkg("ingest", empty, SEED, "--store", store)
    assert done.returncode == 2
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {empty}: empty file"]
    assert "Traceback" not in done.stderr
    listed = govkg("query", "--store", store, "--format", "csv", "--sparql",
                   "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/govkg/ontology#Disclosure> }")
    assert listed.stdout.splitlines() == ["n", "1"]


def test_query_file_as_csv_and_json(cli_store):
    done = govkg("query", "--file", ROOT / "queries/expenditure-by-class.rq", "--store", cli_store,
                 "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["code"], r["amount"]) for r in rows][:2] == [("201", "5"), ("208", "7.05")]
    done = govkg("query", "--file", ROOT / "queries/expenditure-by-class.rq", "--store", cli_store,
                 "--format", "json")
    records = json.loads(done.stdout)
    assert records[4]["name"] == "住房保障支出" and records[4]["amount"] == "11471.66"


@pytest.mark.parametrize("args, message", [
    (["--sparql", "SELECT WHERE {"], "invalid SPARQL"),
    ([], "give exactly one of"),
    (["--file", "missing.rq"], "cannot read query file"),
])
def test_query_errors_are_one_line(cli_store, args, message):
    done = govkg("query", "--store", cli_store, *args)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_query_on_a_missing_store_does_not_create_one(tmp_path):
    done = govkg("query", "--store", tmp_path / "nothing", "--sparql", "ASK {}")
    assert done.returncode == 2 and "no store here" in done.stderr
    assert not (tmp_path / "nothing").exists()


def test_export_csv_has_exactly_the_tidy_columns(cli_store, tmp_path):
    out = tmp_path / "facts.csv"
    done = govkg("export", "--store", cli_store, "--format", "csv", "-o", out)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == EXPORT_COLUMNS
    assert len(rows) == 689
    total = [r for r in rows if r["table"] == "收入支出决算总表" and r["item"] == "本年收入合计"]
    assert [(r["amount"], r["unit"], r["page"], r["measure"]) for r in total] == [("26256.35", "万元", "8", "决算数")]


@pytest.mark.parametrize("fmt, parse_as", [("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle")])
def test_export_rdf_parses(cli_store, tmp_path, fmt, parse_as):
    out = tmp_path / f"all.{fmt}"
    done = govkg("export", "--store", cli_store, "--format", fmt, "-o", out)
    assert done.returncode == 0, done.stderr
    if parse_as == "turtle":
        graph = rdflib.Graph().parse(out, format="turtle")
        assert len(graph) > 9000
    else:
        dataset = rdflib.Dataset().parse(out, format=parse_as)
        names = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert "https://w3id.org/govkg/graph/codes" in names
        assert any("/id/disclosure/" in n for n in names)


def test_demo_builds_a_fresh_store_and_answers(tmp_path):
    done = govkg("demo", "--store", tmp_path / "demo")
    assert done.returncode == 0, done.stderr
    assert "11471.66" in done.stdout and "住房保障支出" in done.stdout
    # the findings by rule: the seed's prose errors (tests/cases/…/findings.csv)
    assert "narrative.completion-zero-base" in done.stdout and "performance.graded-count" in done.stdout
    assert (tmp_path / "demo").is_dir()
    report = tmp_path / "demo-report.html"
    assert f"Report (open it in a browser): {report}" in done.stdout
    assert report.read_text(encoding="utf-8").count('<article class="finding') >= 20


def test_every_corpus_document_ingests(tmp_path):
    """The corpus folder as a user gives it, after the seed (`govkg ingest SEED CORPUS`: the run
    that makes the tests' shared store, conftest.corpus_ingest): every document loads (27, the
    seed's text among them, found unchanged after the seed). Two of them are one blank form in two
    formats (the Shanghai unit template as .xls and .xlsx): the same department placeholder, year
    and kind, so the later replaces the earlier; a 文件 and its 公开表 published apart are two
    disclosures (…/text, …/tables), neither replacing the other."""
    assert len(corpus_files()) == 27
    done = corpus_ingest()
    assert done["returncode"] == 0, done["stderr"]
    rows = [line for line in done["stdout"].splitlines() if line.startswith("│")]
    assert len(rows) == 1 + len(corpus_files())
    assert sum(" loaded " in row for row in rows) == len(rows) - 1
    (again,) = [row for row in rows if " unchanged " in row]
    assert again.startswith(f"│ {SEED.name} ")
    store = corpus_store(tmp_path / "store")
    listed = govkg("query", "--store", store, "--format", "csv", "--sparql",
                   "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/govkg/ontology#Disclosure> }")
    assert listed.stdout.splitlines() == ["n", "26"]


def test_validate_summary_surveys_a_folder(tmp_path):
    """`govkg validate DIR --summary`: one line per document (read, partly read, refused) and the
    totals; a file that is no disclosure is refused with its reason, the others are still read."""
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_text(SEED.read_text(encoding="utf-8").replace(
        "201 一般公共服务支出 5.00 5.00 0 0 0 0 0", "201 一般公共服务支出 5.00 5.00 0 0 0 0"), encoding="utf-8")
    (folder / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    done = govkg("validate", folder, "--summary", "--fail-on", "never")
    lines = done.stdout.splitlines()
    assert done.returncode == 2, done.stderr  # a refused file is bad input
    assert lines[0].startswith("partly read broken.txt: ") and "not read: 收入决算表 (p.10)" in lines[0]
    assert lines[1].startswith("refused     notes.txt: ") and "no standard budget" in lines[1]
    assert lines[2].startswith("read        seed.txt: 689 numbers; 15 violation(s)")
    assert lines[3].startswith("3 document(s): 1 read, 1 partly read, 1 refused; ")


def test_department_year_and_kind_given_for_a_file_that_prints_none(tmp_path):
    """--department/--year/--kind stand for what the file does not print, and say so (an info)."""
    import json

    done = govkg("validate", SEED, "--year", "2022", "--format", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    (document,) = json.loads(done.stdout)["documents"]
    assert "/2022/final" in document["disclosure"]
    (given,) = [f for f in document["findings"] if f["rule"] == "reading.metadata-source"]
    assert given["severity"] == "info" and "2022" in given["message_zh"] and "命令行参数" in given["message_zh"]


def test_remove_takes_a_disclosure_and_its_summary_share_out(tmp_path):
    """By the file that was ingested or by IRI; an unknown target removes nothing (exit 2)."""
    from kg.store import open_store
    from kg.summary import SUMMARY_GRAPH

    store = tmp_path / "store"
    assert govkg("ingest", SEED, "--store", store).returncode == 0
    refused = govkg("remove", SEED, "https://w3id.org/govkg/id/disclosure/unknown", "--store", store)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("error: https://w3id.org/govkg/id/disclosure/unknown: no such "
                                      "disclosure in the store; nothing removed")
    opened = open_store(store)
    (disclosure,) = [g for g in opened.graph_names() if "/id/disclosure/" in g]
    with_summary = opened.count(SUMMARY_GRAPH)
    del opened  # release the store's lock for the next process
    done = govkg("remove", SEED, "--store", store)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"removed {disclosure} ({SEED})"
    opened = open_store(store)
    assert disclosure not in opened.graph_names()
    assert with_summary > 1 and opened.count(SUMMARY_GRAPH) == 1  # only the summary's mark left
    del opened
    assert govkg("remove", disclosure, "--store", store).returncode == 2  # already gone


def test_a_store_in_folders_not_made_yet_is_made(tmp_path):
    store = tmp_path / "projects" / "2024" / "store"
    done = govkg("ingest", SEED, "--store", store)
    assert done.returncode == 0, done.stderr
    listed = govkg("query", "--store", store, "--format", "csv", "--sparql",
                   "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a <https://w3id.org/govkg/ontology#Disclosure> }")
    assert listed.stdout.splitlines() == ["n", "1"], listed.stdout + listed.stderr
