"""Run pySHACL over one disclosure and turn its result graph into Findings.

The data graph is a pyoxigraph in-memory Store holding just that disclosure (plus the reference
names of the codes it prints): pySHACL then runs every SPARQL constraint natively in Oxigraph,
which DESIGN.md measured 20–60× faster than over a stock rdflib graph. The shapes graph is parsed
once per process.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from kg.validate.findings import DocumentReport, Finding, NotChecked, Severity
from kg.vocab import GK

HERE = Path(__file__).parent
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = str(SKOS)
CALCULATION_SHAPES = {"CalculationViolation", "CalculationRoundingDifference"}
CODE_CLASSIFICATIONS = {"functional": "functional", "economic-dept": "economic-dept"}
# A performance finding's table: the self-evaluation table it reads (gk:evaluationKind).
EVALUATION_TABLES = {"department": "部门整体绩效自评表", "project": "项目绩效自评表"}


# ---------------------------------------------------------------- shapes and labels, once

def shapes_dir() -> Path:
    from kg.resources import HOME

    return HOME / "shapes"


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path)
    return graph


@lru_cache(maxsize=1)
def labels() -> dict[str, tuple[str, str, str]]:
    """IRI → (zh label, en label, rule code) for tables, columns' measures and calculations."""
    from kg.graph import ontology_graph

    graph = ontology_graph()
    found: dict[str, tuple[str, str, str]] = {}
    for subject in set(graph.subjects(RDFS.label, None)) | set(graph.subjects(SKOS.prefLabel, None)):
        names = {label.language: str(label) for p in (RDFS.label, SKOS.prefLabel)
                 for label in graph.objects(subject, p) if isinstance(label, Literal)}
        rule = graph.value(subject, GK.ruleCode)
        found[str(subject)] = (names.get("zh", ""), names.get("en", ""), str(rule or ""))
    for column in graph.subjects(RDF.type, GK.TableColumn):
        measure = graph.value(column, GK.measure)
        if measure is not None and str(measure) in found:
            found[str(column)] = found[str(measure)]
    return found


# ---------------------------------------------------------------- the data graph

def data_store(graph: Graph) -> ox.Store:
    """A fresh in-memory Oxigraph store with the graph's triples and its codes' reference names."""
    from kg.graph.memory_graph import MemoryGraph

    store = MemoryGraph.from_rdflib(graph).store
    store.extend(reference_names(store))
    return store


def reference_names(store: ox.Store) -> list[ox.Quad]:
    """Each printed code that the reference list knows, with its reference name: for
    code.name-mismatch."""
    from kg.graph.codes import load_code_lists

    lists = load_code_lists()
    query = ("SELECT DISTINCT ?code WHERE { ?obs <%s>|<%s> ?code }"
             % (GK.functionalClassification, GK.economicClassification))
    quads = []
    for solution in store.query(query):
        iri = solution["code"].value
        classification, year, notation = iri.rsplit("/", 3)[-3:]
        codes = lists.get((classification, int(year))) if year.isdigit() else None
        if codes is None or notation not in codes.names:
            continue
        node = ox.NamedNode(iri)
        quads += [ox.Quad(node, ox.NamedNode(SKOS_NS + "prefLabel"),
                          ox.Literal(codes.names[notation], language="zh")),
                  ox.Quad(node, ox.NamedNode(str(GK.inReferenceList)),
                          ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))]
    return quads


@contextmanager
def added(store: ox.Store, quads: list[ox.Quad]):
    """The quads in the store for the duration of the block, then gone again; a quad the store
    already held stays. Validation reads a caller's MemoryGraph in place and leaves it as it was."""
    new = [quad for quad in quads if quad not in store]
    store.extend(new)
    try:
        yield store
    finally:
        for quad in new:
            store.remove(quad)


# ---------------------------------------------------------------- running the shapes

def _remember_sparql_checks() -> None:
    """pySHACL checks a SPARQL constraint's text (no MINUS, VALUES, SERVICE, pre-bound variables
    selected) before every run of it, for every focus node, with regular expressions whose time
    grows with the square of the text's length: about 40 ms of each validation of the seed. The
    answer depends only on the text and on which variables may be pre-bound, so a text that
    passed once is not checked again. An invalid text still fails every time."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    original = SPARQLQueryHelper.check_invalid_sparql
    if getattr(original, "remembers", False):
        return
    passed: set = set()

    def check_invalid_sparql(self, sparql_text, valuenode=None, extravars=None):
        key = (sparql_text, valuenode is not None, frozenset(extravars or ()))
        if key not in passed:
            original(self, sparql_text, valuenode=valuenode, extravars=extravars)
            passed.add(key)
        return True

    check_invalid_sparql.remembers = True
    SPARQLQueryHelper.check_invalid_sparql = check_invalid_sparql


def run_shapes(store: ox.Store, only: tuple[str, ...] = ()) -> Graph:
    """pySHACL's validation report graph for the disclosure in the store (only: shape IRIs)."""
    from pyshacl import validate
    from pyshacl.graph_abstraction import OxigraphDataGraph

    _remember_sparql_checks()

    class DisclosureDataGraph(OxigraphDataGraph):
        # pySHACL writes `datagraph or shapes_graph` three times per result, and the truth of an
        # Oxigraph data graph is a COUNT over the whole store (14 ms each, 3.5 s on the seed).
        def __bool__(self) -> bool:
            return True

    _, results, text = validate(DisclosureDataGraph(store), shacl_graph=shapes_graph(),
                                advanced=True, inplace=True, allow_infos=True, allow_warnings=True,
                                use_shapes=list(only) or None)
    if not isinstance(results, Graph):  # pySHACL returns its failure instead of raising it
        raise RuntimeError(f"pySHACL could not run shapes/: {text}")
    return results


def _python(term):
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == XSD + "decimal":
            return Decimal(term.value)
        if datatype == XSD + "integer":
            return int(term.value)
    return term.value


class FindingMaker:
    """Names the place of each SHACL result from the observations and calculation instances.

    Reads only the nodes that results point at, by triple pattern: the store holds one disclosure.
    """

    def __init__(self, store: ox.Store, disclosure: str) -> None:
        self.store = store
        self.disclosure = disclosure
        self._described: dict[str, dict[str, list]] = {}

    def describe(self, iri: str) -> dict[str, list]:
        """Predicate IRI → values of one node."""
        found = self._described.get(iri)
        if found is None:
            found = {}
            for quad in self.store.quads_for_pattern(ox.NamedNode(iri), None, None):
                found.setdefault(quad.predicate.value, []).append(_python(quad.object))
            self._described[iri] = found
        return found

    def located(self, rule: str, severity: Severity, obs: str | None, **fields) -> Finding:
        where = self.describe(obs) if obs else {}

        def one(prop) -> object:
            values = where.get(str(prop))
            return values[0] if values else None

        if one(GK.standardTable):  # a printed table, for findings about a whole table
            return Finding(rule=rule, severity=severity, disclosure=self.disclosure,
                           table=labels().get(one(GK.standardTable), ("",))[0],
                           page=one(GK.notReadPage) or one(GK.firstPage), focus=obs or "",
                           **fields)
        location = self.describe(one(GK.sourceLocation)) if one(GK.sourceLocation) else {}
        code = one(GK.functionalClassification) or one(GK.economicClassification) or ""
        names = labels()
        column = one(GK.column) or ""
        # An observation names its row; a claim its quantity; an evaluation its project.
        item = (one(GK.item) or one(GK.quantity) or one(GK.projectName) or one(GK.indicatorName)
                or "")
        table = (names.get(one(GK.table) or "", ("",))[0]
                 or EVALUATION_TABLES.get(one(GK.evaluationKind) or "", ""))
        return Finding(rule=rule, severity=severity, disclosure=self.disclosure, table=table,
                       code=code.rsplit("/", 1)[-1], item=item,
                       measure=names.get(column, ("",))[0], column=column.rsplit("-", 1)[-1],
                       row=one(GK.lineNumber), page=(location.get(str(GK.page)) or [None])[0],
                       line=(location.get(str(GK.line)) or [None])[0], focus=obs or "", **fields)

    def amount(self, obs: str) -> Decimal | None:
        """The cell's amount; None unless it is one xsd:decimal (observation.well-formed says so)."""
        values = self.describe(obs).get(str(GK.amount), [])
        return values[0] if len(values) == 1 and isinstance(values[0], Decimal) else None

    def calculation(self, severity: Severity, instance_iri: str) -> Finding:
        instance = self.describe(instance_iri)
        zh, en, rule = labels().get(instance[str(GK.calculation)][0], ("", "", "calculation.line"))
        plus, minus = instance.get(str(GK.addend), []), instance.get(str(GK.subtrahend), [])
        total = (instance.get(str(GK.totalCell)) or [None])[0]
        actual = self.amount(total) if total else Decimal("0.00")
        parts = [self.amount(p) for p in plus] + [-a if a is not None else None
                                                  for a in map(self.amount, minus)]
        expected = None if None in parts else sum(parts, Decimal("0.00"))
        for scale in instance.get(str(GK.partScale), []):
            expected = expected * scale if expected is not None else None
        envelope = (instance.get(str(GK.roundingEnvelope)) or [
            Decimal("0.005") * (len(plus) + len(minus) + (1 if total else 0))])[0]
        focus = total or min(plus + minus, default=None)
        return self.located(rule, severity, focus, expected=expected, actual=actual,
                            envelope=envelope, detail=zh, detail_en=en, calculation=instance_iri)

    def instance_counts(self) -> tuple[int, list[NotChecked]]:
        """How many calculation instances there are, and those with a missing cell (not checked)."""
        everything = sum(1 for _ in self.store.quads_for_pattern(
            None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(GK.CalculationInstance))))
        missing: dict[str, list[str]] = {}
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(str(GK.missingCell)), None):
            missing.setdefault(quad.subject.value, []).append(quad.object.value)
        names = labels()
        not_checked = []
        for iri, cells in sorted(missing.items()):
            zh, _, rule = names.get(self.describe(iri)[str(GK.calculation)][0], ("", "", ""))
            not_checked.append(NotChecked(iri, rule, zh, tuple(sorted(cells))))
        return everything - len(not_checked), not_checked


@lru_cache(maxsize=None)
def message_templates(shape: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Each sh:message of a shape's SPARQL constraint as a pattern (its {?var} parts free), with
    the template's language: which language a filled-in message is, whatever the values say."""
    graph = shapes_graph()
    found = []
    for constraint in graph.objects(URIRef(shape), SH.sparql):
        for message in graph.objects(constraint, SH.message):
            if isinstance(message, Literal) and message.language:
                parts = re.split(r"\{[?$]\w+\}", str(message))
                pattern = re.compile(".*?".join(map(re.escape, parts)), re.S)
                found.append((pattern, message.language))
    return tuple(found)


def _language(text: str, templates: tuple[tuple[re.Pattern, str], ...] = ()) -> str:
    languages = {language for pattern, language in templates if pattern.fullmatch(text)}
    if len(languages) == 1:
        return languages.pop()
    text = re.sub(r"\S+://\S+", "", text)  # IRIs filled into either language
    latin = sum(c.isascii() and c.isalpha() for c in text)
    # A long Chinese value (…（类）…（款）…（项）) can outnumber the English words around it; no
    # Chinese template has 20 Latin letters.
    return "en" if latin >= 20 or latin > sum("\u4e00" <= c <= "\u9fff" for c in text) else "zh"


# The numbers of a narrative or performance finding: pySHACL reports only $this, ?path and ?value
# of a SPARQL constraint, so such a shape names its expected and actual values (and tolerance) in
# one more message of this form.
VALUES = re.compile(r"^values: expected=(?P<expected>[^;]*); actual=(?P<actual>[^;]*); "
                    r"envelope=(?P<envelope>.*)$")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except ArithmeticError:  # an unbound variable is left as "{?name}"
        return None


def _values(messages: list[str]) -> dict[str, Decimal | None]:
    for message in messages:
        if found := VALUES.match(message):
            values = {key: _decimal(text) for key, text in found.groupdict().items()}
            if values["envelope"] is not None:
                values["envelope"] = values["envelope"].quantize(Decimal("0.0001")).normalize()
            return values
    return {}


def findings_from_results(results: Graph, maker: FindingMaker) -> list[Finding]:
    """Convert pySHACL's result graph: one Finding per sh:ValidationResult."""
    shapes = shapes_graph()
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = Severity.from_shacl(str(results.value(result, SH.resultSeverity)))
        shape = results.value(result, SH.sourceShape)
        value = results.value(result, SH.value)
        focus = results.value(result, SH.focusNode)
        if str(shape).rsplit("/", 1)[-1] in CALCULATION_SHAPES:
            findings.append(maker.calculation(severity, str(value)))
            continue
        rule = str(shapes.value(shape, GK.ruleCode) or "observation.well-formed")
        # pySHACL drops the language tag when it fills in a message template: a message with more
        # Latin letters than Chinese characters is the English one.
        texts = [str(m) for m in results.objects(result, SH.resultMessage)]
        numbers = _values(texts)
        templates = message_templates(str(shape))
        messages = {m.language or _language(str(m), templates): str(m)
                    for m in results.objects(result, SH.resultMessage) if not VALUES.match(str(m))}
        obs = str(value) if isinstance(value, URIRef) and str(value) != str(focus) else None
        findings.append(maker.located(rule, severity, obs, detail=messages.get("zh", ""),
                                      detail_en=messages.get("en", ""), **numbers))
    return sorted(findings, key=finding_order)


def finding_order(finding: Finding) -> tuple:
    """Worst first, then by place: the order of a report's findings."""
    return (-finding.severity.rank, finding.table, finding.page or 0, finding.line or 0,
            finding.rule, finding.focus)


def validate_store(store: ox.Store, disclosure: str, source: str = "",
                   only: tuple[str, ...] = ()) -> tuple[DocumentReport, Graph]:
    """Validate the one disclosure held in an in-memory store; the report and pySHACL's graph.
    What its stored graph leaves to derivation is in the store for the validation only."""
    from kg.validate.derive import derived_quads

    with added(store, derived_quads(store, disclosure)):
        results = run_shapes(store, only)
        maker = FindingMaker(store, disclosure)
        checked, not_checked = maker.instance_counts()
        findings = findings_from_results(results, maker)
    facts = [q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(disclosure), ox.NamedNode(str(GK.observationCount)), None)]
    report = DocumentReport(disclosure, source, findings, checked, not_checked,
                            facts=int(facts[0]) if facts else 0)
    return report, results
