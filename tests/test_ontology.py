"""The ontology and the code schemes: they parse, the vocabulary is current, codes chain by prefix."""

from __future__ import annotations

import rdflib
from rdflib.namespace import RDF, SKOS

from kg.graph import code_schemes_graph, ontology_graph
from kg.graph.codes import load_code_lists
from kg.graph.disclosure import SDMX_ATTRIBUTE
from kg.vocab import GK

CODE_BASE = "https://w3id.org/govkg/code/"


def test_ontology_parses_and_labels_every_class_and_property_in_zh_and_en():
    graph = ontology_graph()
    terms = set(graph.subjects(RDF.type, rdflib.OWL.Class)) | set(
        graph.subjects(RDF.type, rdflib.OWL.ObjectProperty)) | set(
        graph.subjects(RDF.type, rdflib.OWL.DatatypeProperty))
    assert len(terms) > 40
    for term in terms:
        languages = {label.language for label in graph.objects(term, rdflib.RDFS.label)}
        assert {"zh", "en"} <= languages, term


def test_generated_vocabulary_is_current():
    from kg.vocab_gen import TARGET, render

    assert TARGET.read_text(encoding="utf-8") == render(), "run: python -m kg.vocab_gen"


def test_fund_sources_expenditure_types_and_columns_are_concepts():
    graph = ontology_graph()
    funds = {str(label) for s in graph.subjects(RDF.type, GK.FundSource)
             for label in graph.objects(s, SKOS.prefLabel) if label.language == "zh"}
    assert {"一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "上级补助收入",
            "事业收入", "经营收入", "附属单位上缴收入", "其他收入"} <= funds
    types = {str(label) for s in graph.subjects(RDF.type, GK.ExpenditureType)
             for label in graph.objects(s, SKOS.prefLabel) if label.language == "zh"}
    assert {"基本支出", "人员经费", "公用经费", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"} <= types
    columns = {str(c) for c in graph.subjects(RDF.type, GK.TableColumn)}
    from kg.recognize import load_catalogue

    catalogued = {c.iri for table in load_catalogue() for c in table.columns}
    assert columns == catalogued and len(columns) > 40
    for column in columns:
        assert (rdflib.URIRef(column), GK.measure, None) in graph


def test_the_units_are_yuan_and_wan_yuan_the_two_the_queries_convert():
    # The library queries and the summary's updates give 万元 by scaling what is in 元 and keeping
    # the rest (they compare a cell's unit with gk:Yuan): a third unit would need them changed.
    graph = ontology_graph()
    multipliers = {unit: int(mult) for unit in graph.subjects(RDF.type, GK.Unit)
                   for mult in graph.objects(unit, SDMX_ATTRIBUTE.unitMult)}
    assert multipliers == {GK.Yuan: 0, GK.WanYuan: 4}


def test_every_code_chains_to_its_prefix():
    graph = code_schemes_graph()
    codes = list(graph.subjects(RDF.type, GK.Code))
    assert len(codes) > 700
    for concept in codes:
        notation = str(graph.value(concept, SKOS.notation))
        scheme = graph.value(concept, SKOS.inScheme)
        assert str(concept) == f"{scheme}/{notation}"
        broader = list(graph.objects(concept, SKOS.broader))
        if len(notation) == 3:
            assert broader == [] and (concept, SKOS.topConceptOf, scheme) in graph
        else:
            assert broader == [rdflib.URIRef(f"{scheme}/{notation[:-2]}")]
            assert (broader[0], RDF.type, GK.Code) in graph, f"{broader[0]} is not a concept"


def test_one_scheme_per_list_and_year():
    graph = code_schemes_graph()
    schemes = {str(s) for s in graph.subjects(RDF.type, GK.ClassificationScheme)}
    expected = {f"{CODE_BASE}{c}/{y}" for c, y in load_code_lists()}
    assert schemes == expected
    assert f"{CODE_BASE}functional/2023" in schemes and f"{CODE_BASE}economic-dept/2017" in schemes


def test_listed_codes_are_reference_and_unnamed_parents_are_not():
    graph = code_schemes_graph()
    listed = rdflib.URIRef(f"{CODE_BASE}functional/2023/2120101")
    assert graph.value(listed, GK.inReferenceList).toPython() is True
    assert str(graph.value(listed, SKOS.prefLabel)) == "行政运行"
    # functional_2024.csv lists 2010101 without its parent 20101
    parent = rdflib.URIRef(f"{CODE_BASE}functional/2024/20101")
    assert graph.value(parent, GK.inReferenceList).toPython() is False


def test_unchanged_names_match_across_years_and_renamed_do_not():
    graph = code_schemes_graph()
    a = rdflib.URIRef(f"{CODE_BASE}functional/2023/2120101")
    b = rdflib.URIRef(f"{CODE_BASE}functional/2024/2120101")
    assert (a, SKOS.exactMatch, b) in graph and (b, SKOS.exactMatch, a) in graph
    old = rdflib.URIRef(f"{CODE_BASE}functional/2019/20805")  # 行政事业单位离退休
    new = rdflib.URIRef(f"{CODE_BASE}functional/2023/20805")  # 行政事业单位养老支出
    assert str(graph.value(old, SKOS.prefLabel)) != str(graph.value(new, SKOS.prefLabel))
    assert (old, SKOS.exactMatch, new) not in graph
