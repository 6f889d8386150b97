"""`govkg validate` and the validation hook of `govkg ingest`, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from conftest import ROOT, SEED, cli_env

GOVKG = [str(Path(sys.executable).with_name("govkg"))]


def govkg(*args) -> subprocess.CompletedProcess:
    return subprocess.run([*GOVKG, *map(str, args)], capture_output=True, text=True,
                          env=cli_env(), timeout=300)


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """The seed with one number changed: 30201 办公费 21.81 → 22.81 (302 no longer adds up)."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count("30201 办公费 21.81") == 1
    path = tmp_path_factory.mktemp("broken") / "broken.txt"
    path.write_text(text.replace("30201 办公费 21.81", "30201 办公费 22.81"), encoding="utf-8")
    return path


def test_seed_json_has_the_documented_shape_and_exits_1_on_its_prose_errors():
    done = govkg("validate", SEED, "--format", "json")
    # 15 violations: the prose misstates its own tables (tests/cases/…/findings.csv)
    assert done.returncode == 1, done.stderr
    (document,) = json.loads(done.stdout)["documents"]
    assert {"source", "disclosure", "conforms", "checked", "not_checked", "findings"} <= set(document)
    assert document["conforms"] is False and document["checked"] == 489
    assert sum(f["severity"] == "violation" for f in document["findings"]) == 15
    for finding in document["findings"]:
        assert {"rule", "category", "severity", "table", "code", "item", "measure", "page",
                "expected", "actual", "difference", "message_zh", "message_en"} <= set(finding)
        assert finding["severity"] in ("violation", "warning", "info")


def test_a_broken_number_exits_1_and_names_table_code_and_amounts(broken):
    done = govkg("validate", broken, "--format", "json")
    assert done.returncode == 1
    findings = json.loads(done.stdout)["documents"][0]["findings"]
    tree = next(f for f in findings if f["code"] == "302" and f["severity"] == "violation")
    assert (tree["table"], tree["expected"], tree["actual"], tree["difference"]) == (
        "一般公共预算财政拨款基本支出决算表", "37.31", "36.32", "-0.99")
    assert govkg("validate", broken, "--fail-on", "never").returncode == 0


def test_fail_on_warning_and_text_report_grouped_by_table():
    done = govkg("validate", SEED, "--fail-on", "warning")
    assert done.returncode == 1  # the seed's prose errors are violations
    assert "一般公共预算财政拨款基本支出决算表" in done.stdout and "尾差" in done.stdout
    assert "not checked" in done.stdout and "本表无数据" in done.stdout
    assert govkg("validate", SEED, "--fail-on", "never").returncode == 0


def test_files_read_in_a_pool_give_the_report_read_one_by_one(broken, tmp_path):
    """Several files are validated one process per core (as ingest reads them): the JSON is
    the one --jobs 1 gives, an unreadable file's error included, in the order given."""
    jiangsu = ROOT.parent / "shared/corpus/budgets/jiangsu-zhengxie-2017-tables.pdf"
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 not really")
    files = [SEED, scan, jiangsu, broken]
    pooled = govkg("validate", *files, "--format", "json")
    alone = govkg("validate", *files, "--format", "json", "--jobs", "1")
    assert pooled.returncode == alone.returncode == 2, pooled.stderr
    assert pooled.stdout == alone.stdout and pooled.stderr == alone.stderr
    documents = json.loads(pooled.stdout)["documents"]
    assert [Path(d["source"]).name for d in documents] == [f.name for f in files]
    assert "not a readable PDF" in documents[1]["error"] and documents[2]["checked"] > 0


def test_unreadable_input_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = govkg("validate", empty)
    assert done.returncode == 2 and "empty.txt" in done.stderr


def test_ttl_is_the_shacl_report():
    done = govkg("validate", SEED, "--format", "ttl")
    assert done.returncode == 1
    graph = rdflib.Graph().parse(data=done.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationReport))) == 1
    assert len(list(graph.subjects(rdflib.RDF.type, sh.ValidationResult))) >= 1


def test_ingest_stores_findings_and_the_store_validates_like_the_file(tmp_path, broken):
    store = tmp_path / "store"
    assert govkg("ingest", broken, "--store", store).returncode == 0
    query = """PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?rule ?actual ?expected WHERE {
          ?f a sh:ValidationResult ; gk:ruleCode ?rule ; sh:resultSeverity sh:Violation ;
             gk:actualAmount ?actual ; gk:expectedAmount ?expected } ORDER BY ?rule ?actual"""
    done = govkg("query", "--store", store, "--sparql", query, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {"rule": "calculation.code-tree", "actual": "36.32", "expected": "37.31"} in rows
    from_store = govkg("validate", "--store", store, "--format", "json")
    from_file = govkg("validate", broken, "--format", "json")
    assert from_store.returncode == from_file.returncode == 1

    def compact(output):
        return sorted((f["rule"], f["severity"], f["table"], f["code"], f["item"], f["measure"],
                       f["expected"], f["actual"])
                      for f in json.loads(output)["documents"][0]["findings"])

    assert compact(from_store.stdout) == compact(from_file.stdout)


def test_validate_without_a_store_is_a_user_error(tmp_path):
    done = govkg("validate", "--store", tmp_path / "nothing")
    assert done.returncode == 2 and "govkg ingest" in done.stderr
