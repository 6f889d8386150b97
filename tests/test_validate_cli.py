"""`govkg validate` and the validation hook of `govkg ingest`, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

from conftest import SEED, cli_env

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


def test_seed_validates_clean_and_json_has_the_documented_shape():
    done = govkg("validate", SEED, "--format", "json")
    assert done.returncode == 0, done.stderr
    (document,) = json.loads(done.stdout)["documents"]
    assert {"source", "disclosure", "conforms", "checked", "not_checked", "findings"} <= set(document)
    assert document["conforms"] is True and document["checked"] == 489
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
    assert done.returncode == 0  # the seed has infos only
    assert "一般公共预算财政拨款基本支出决算表" in done.stdout and "尾差" in done.stdout
    assert "not checked" in done.stdout and "本表无数据" in done.stdout


def test_unreadable_input_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = govkg("validate", empty)
    assert done.returncode == 2 and "empty.txt" in done.stderr


def test_ttl_is_the_shacl_report():
    done = govkg("validate", SEED, "--format", "ttl")
    assert done.returncode == 0
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
