"""Materialise the calculation network (ontology/calculations.ttl) for one disclosure's validation.

Each gk:Calculation is a template; here it becomes one gk:CalculationInstance per row, 类 code or
column it applies to, linking the total observation (gk:totalCell) and every part (gk:addend,
gk:subtrahend), so that the generic shapes in shapes/ check a disclosure with a few aggregate
queries instead of joining through the code hierarchy (XBRL calculation linkbase: arcs as data).

A needed cell that is not printed is listed with gk:missingCell and the instance is "not checked".
Only a code row missing from a code-tree table counts as 0: those tables print only codes that
have amounts, and their 合计 row = Σ 类 says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.extract import Disclosure
from kg.graph.codes import load_code_lists
from kg.vocab import GK

YUAN = {"元": Decimal(1), "万元": Decimal(10000)}
"""Printed units in 元."""
ROW_KEYS = ("total", "all")
"""Row keys of the extractor that are not 行次 lines: the 合计 row and the one row of a grid."""
CODE_LENGTH = {1: 3, 2: 5, 3: 7}
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[)）]|\d+[、.．])")


# ---------------------------------------------------------------- the network, read from Turtle

@dataclass(frozen=True)
class Selector:
    """gk:CellSelector: a column of a table and which of its rows."""

    table: str
    column: str
    row_key: str | None = None
    code: str | None = None
    code_level: int | None = None
    line: str | None = None
    component_of: str | None = None
    fund: str | None = None
    optional: bool = False

    @property
    def names_row(self) -> bool:
        """True when the selector says its row; otherwise it takes the iterated row."""
        return any(v is not None for v in (self.row_key, self.code, self.code_level, self.line,
                                           self.component_of, self.fund))


@dataclass(frozen=True)
class Calculation:
    iri: str
    rule: str
    """gk:ruleCode, e.g. calculation.cross-table."""
    for_each: str | None = None
    """Local name of the gk:Iteration (EachRow, EachClassCode) or None for a single instance."""
    at_least: bool = False
    only_where_printed: bool = False
    """gk:onlyWherePrinted: the calculation belongs to the forms of its tables that print every
    column it names; with a table or column of it not printed there is nothing to check."""
    total: Selector | None = None
    plus: tuple[Selector, ...] = ()
    minus: tuple[Selector, ...] = ()
    tree_tables: tuple[str, ...] = ()
    """Table keys of a gk:CodeTreeCalculation."""

    @property
    def key(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class LineItemDef:
    iri: str
    pattern: re.Pattern
    collects: str | None
    """'PrecedingLines', 'FollowingLines' or None."""


@dataclass(frozen=True)
class Network:
    calculations: tuple[Calculation, ...]
    lines: tuple[LineItemDef, ...]
    funds: tuple[tuple[str, str], ...]
    """(fund IRI, zh label), longest label first."""


def _local(iri: str | None) -> str | None:
    return None if iri is None else re.split(r"[#/]", iri)[-1]


def _python(term):
    """A pyoxigraph result term as the Python value rdflib's toPython() would give."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger"):
            return int(term.value)
        if datatype == "boolean":
            return term.value in ("true", "1")
    return term.value


def _rows(store, query: str) -> list[dict]:
    result = store.query(query)
    names = [v.value for v in result.variables]
    return [{name: _python(solution[name]) for name in names} for solution in result]


@lru_cache(maxsize=1)
def load_network() -> Network:
    """The calculation network, flattened by two queries run in Oxigraph (rdflib's SPARQL engine
    took 1.5 s for them, once per process)."""
    import pyoxigraph as ox

    from kg.resources import ontology_files

    graph = ox.Store()
    for path in ontology_files():
        graph.load(path=str(path), format=ox.RdfFormat.TURTLE)
    here = Path(__file__).parent
    rows = _rows(graph, (here / "calculations.rq").read_text(encoding="utf-8"))
    by_calculation: dict[str, dict] = {}
    for row in rows:
        calc = by_calculation.setdefault(str(row["calculation"]), dict(
            iri=str(row["calculation"]), rule=row["ruleCode"], for_each=_local(row.get("forEach")),
            at_least=_local(row.get("relation")) == "AtLeast",
            only_where_printed=bool(row.get("onlyWherePrinted")), total=[], plus=[], minus=[],
            tree_tables=[]))
        if row["role"] == "tree":
            calc["tree_tables"].append(row["tableKey"])
            continue
        selector = Selector(
            table=row["tableKey"], column=row["columnKey"], row_key=row.get("rowKey"),
            code=row.get("code"), code_level=row.get("codeLevel"),
            line=None if row.get("line") is None else str(row["line"]),
            component_of=None if row.get("componentOf") is None else str(row["componentOf"]),
            fund=None if row.get("fund") is None else str(row["fund"]),
            optional=bool(row.get("optional")))
        calc[row["role"]].append(selector)
    calculations = []
    for calc in by_calculation.values():
        totals = calc.pop("total")
        if len(totals) > 1:
            raise ValueError(f"{calc['iri']}: more than one gk:total")
        calculations.append(Calculation(
            total=totals[0] if totals else None, plus=tuple(calc.pop("plus")),
            minus=tuple(calc.pop("minus")), tree_tables=tuple(calc.pop("tree_tables")), **calc))
    lines, funds = [], []
    for row in _rows(graph, (here / "line-items.rq").read_text(encoding="utf-8")):
        if row["line"] is not None:
            lines.append(LineItemDef(row["line"], re.compile(row["pattern"]), _local(row["collects"])))
        else:
            funds.append((row["fund"], row["fundLabel"]))
    funds.sort(key=lambda f: -len(f[1]))
    return Network(tuple(calculations), tuple(lines), tuple(funds))


# ---------------------------------------------------------------- the disclosure's rows and cells

def _side(side: str | None) -> str:
    return "" if side is None else ("L" if side.endswith("IncomeSide") else "R")


def normalise_label(label: str) -> str:
    """Printed label without white space and leading ordinal; brackets full-width."""
    text = re.sub(r"\s+", "", str(label)).replace("(", "（").replace(")", "）")
    return ORDINAL.sub("", text)


@dataclass
class Row:
    key: str
    label: str
    code: str = ""
    side: str = ""
    """'L' or 'R' for side-by-side tables (from the row key), else ''."""
    order: int = 0
    """Source line of the row's first number, for the order of lines."""
    line: str | None = None
    component_of: str | None = None
    fund: str | None = None
    class_code: str | None = None
    """The 支出功能分类 类 this row is about: its code (3 digits) or the 类 its label names."""


@dataclass
class TableIndex:
    key: str
    name: str
    unit: str
    empty: bool
    code_tree: bool
    not_read: bool = False
    """The table is printed but could not be read: its cells are unknown, not blank."""
    rows: list[Row] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """Column key → measure label, for messages."""
    sides: dict[str, str] = field(default_factory=dict)
    """Column key → 'L' (income side), 'R' (expenditure side) or ''."""
    printed_columns: set[str] = field(default_factory=set)


class DisclosureIndex:
    """The printed cells of one disclosure by table, row and column, with each row's role."""

    def __init__(self, subject: URIRef, disclosure: Disclosure, network: Network) -> None:
        from kg.graph import iris
        from kg.recognize.catalogue import load_catalogue

        catalogue = {t.key: t for t in load_catalogue()}
        facts = disclosure.facts
        self.cells: dict[tuple[str, str, str], URIRef] = {
            (t, r, c): iris.observation(subject, t, r, c)
            for t, r, c in zip(facts["table_key"], facts["row_key"], facts["column_key"])}
        self.cell_tables: dict[URIRef, str] = {cell: key[0] for key, cell in self.cells.items()}
        # How many decimals each printed cell is rounded to. In 万元 a table's precision is that
        # of its most precise amount: one printing 10,070.48 and 80 prints 80.00 with its zeros
        # dropped (Jiangsu). In 元 a cell's own: 12,604,173 beside 2,925,857.00 is rounded to the
        # 元 (Shanghai), and a table of whole 元 is rounded so throughout. A printed 0 is exact.
        self.precision: dict[str, int] = {}
        self.cell_digits: dict[URIRef, int] = {}
        for key, amount, unit in zip(zip(facts["table_key"], facts["row_key"], facts["column_key"]),
                                     facts["amount"], facts["unit"]):
            if amount:
                digits = max(0, -amount.as_tuple().exponent)
                self.precision[key[0]] = max(self.precision.get(key[0], 0), digits)
                if unit == "元":
                    self.cell_digits[self.cells[key]] = digits
        self.tables: dict[str, TableIndex] = {}
        for table in disclosure.tables:
            definition = catalogue.get(table.key)
            columns = definition.columns if definition else ()
            self.tables[table.key] = TableIndex(
                table.key, table.name, table.unit, table.empty,
                code_tree=bool(definition and definition.classification),
                not_read=bool(table.not_read),
                columns={c.key: c.measure_label for c in columns},
                sides={c.key: _side(c.side) for c in columns})
        for table_key, column in zip(facts["table_key"], facts["column_key"]):
            if table_key in self.tables:
                self.tables[table_key].printed_columns.add(column)
        class_names = self._class_names(disclosure)
        firsts = facts.sort_values("line").drop_duplicates(["table_key", "row_key"])
        for fact in firsts.itertuples(index=False):
            table = self.tables.get(fact.table_key)
            if table is None:
                continue
            row = Row(fact.row_key, fact.item, fact.code, table.sides.get(fact.column_key, ""),
                      int(fact.line))
            if fact.code:
                row.class_code = fact.code if len(fact.code) == 3 else None
            elif fact.row_key not in ROW_KEYS:
                row.class_code = class_names.get(normalise_label(fact.item))
            table.rows.append(row)
        for table in self.tables.values():
            self._name_lines(table, network)

    @staticmethod
    def _class_names(disclosure: Disclosure) -> dict[str, str]:
        """Name of a 支出功能分类 类 → its code: reference lists (this year last), then as printed."""
        names: dict[str, str] = {}
        year = disclosure.metadata.year
        lists = sorted(load_code_lists().items(), key=lambda kv: (kv[0][1] == year, kv[0][1]))
        for (classification, _), codes in lists:
            if classification == "functional":
                names.update({normalise_label(n): c for c, n in codes.names.items() if len(c) == 3})
        facts = disclosure.facts
        printed = facts[(facts["classification"] == "functional") & (facts["code"].str.len() == 3)]
        names.update({normalise_label(i): c for c, i in zip(printed["code"], printed["item"])})
        return names

    @staticmethod
    def _name_lines(table: TableIndex, network: Network) -> None:
        """Give each line without code its line item, or the line item that collects it."""
        lines = [r for r in table.rows if not r.code and r.key not in ROW_KEYS]
        for row in lines:
            label = normalise_label(row.label)
            row.line = next((d.iri for d in network.lines if d.pattern.search(label)), None)
            row.fund = next((iri for iri, name in network.funds if name in label), None)
        collects = {d.iri: d.collects for d in network.lines}
        for side in sorted({r.side for r in lines}):
            ordered = sorted((r for r in lines if r.side == side), key=lambda r: r.order)
            for i, row in enumerate(ordered):
                if row.line is not None:
                    continue
                below = next((r.line for r in ordered[i + 1:] if r.line), None)
                above = next((r.line for r in reversed(ordered[:i]) if r.line), None)
                if below and collects.get(below) == "PrecedingLines":
                    row.component_of = below
                elif above and collects.get(above) == "FollowingLines":
                    row.component_of = above


# ---------------------------------------------------------------- expansion

@dataclass
class Instance:
    key: str
    calculation: Calculation
    total: URIRef | None = None
    addends: list[URIRef] = field(default_factory=list)
    subtrahends: list[URIRef] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    row: str = ""
    part_scale: Decimal | None = None
    """Factor that brings the parts into the total's unit (0.0001 for 元 parts of a 万元 total)."""
    envelope: Decimal | None = None
    """Rounding envelope, where a table it reads prints fewer than two decimals (whole 元):
    half a unit of each term's last printed digit. None: the default 0.005 × (n + 1)."""


class Expander:
    def __init__(self, index: DisclosureIndex) -> None:
        self.index = index

    def describe(self, selector: Selector, row: Row | str | None) -> str:
        table = self.index.tables.get(selector.table)
        name = table.name if table else selector.table
        column = table.columns.get(selector.column, selector.column) if table else selector.column
        if isinstance(row, Row):
            where = " ".join(p for p in (row.code, row.label) if p)
        else:
            where = row or selector.code or _local(selector.line) or _local(selector.component_of) or ""
        return f"{name} / {where} / {column}"

    def rows(self, selector: Selector, table: TableIndex, mode: str | None, binding: str | None):
        side = table.sides.get(selector.column, "")
        rows = [r for r in table.rows if r.side == side] if side else table.rows
        if selector.row_key is not None:
            rows = [r for r in rows if r.key == selector.row_key]
        elif selector.code is not None:
            rows = [r for r in rows if r.code == selector.code]
        elif selector.code_level is not None:
            rows = [r for r in rows if len(r.code) == CODE_LENGTH[selector.code_level]]
        elif selector.line is not None:
            rows = [r for r in rows if r.line == selector.line]
        elif selector.component_of is not None:
            rows = [r for r in rows if r.component_of == selector.component_of
                    and (selector.fund is None or r.fund == selector.fund)]
        elif selector.fund is not None:
            rows = [r for r in rows if r.fund == selector.fund]
        if mode == "EachRow" and not selector.names_row:
            rows = [r for r in rows if r.key == binding]
        elif mode == "EachClassCode" and (selector.row_key, selector.code, selector.line) == (None,) * 3:
            rows = [r for r in rows if r.class_code == binding]
        return rows

    def resolve(self, selector: Selector, mode: str | None = None, binding: str | None = None,
                total_table: str | None = None) -> tuple[list[URIRef], list[str]]:
        """The printed cells a selector names, and descriptions of needed cells not printed."""
        table = self.index.tables.get(selector.table)
        if (table is not None and not table.empty and selector.table == total_table
                and selector.column not in table.printed_columns):
            # The printed table has no such column at all (a 3-column 国有资本 table uses 3 of
            # 6): within that table the identity holds over the columns it prints.
            return [], []
        if table is None or table.empty or table.not_read:
            if selector.optional and not (table and table.not_read):
                return [], []
            reason = ("表未列示 (table not printed)" if table is None else
                      "表未能读取 (table not read)" if table.not_read else "本表无数据 (printed empty)")
            return [], [f"{self.describe(selector, binding)}: {reason}"]
        rows = self.rows(selector, table, mode, binding)
        if not rows:
            by_code = selector.code is not None or selector.code_level is not None or (
                mode == "EachClassCode" and not selector.names_row)
            many = selector.component_of is not None and selector.fund is None and mode is None
            # A code-tree table prints only the codes with amounts, so an absent code is 0; but
            # one printed without any code rows (Jiangsu's one-line 支出预算总表) says nothing.
            lists_codes = table.code_tree and any(r.code for r in table.rows)
            if selector.optional or (lists_codes and by_code) or many:
                return [], []
            return [], [f"{self.describe(selector, binding)}: 未列示 (not printed)"]
        cells, missing = [], []
        blank = ("空白 (blank)" if selector.column in table.printed_columns
                 else "栏未列示 (column not printed)")
        for row in rows:
            cell = self.index.cells.get((table.key, row.key, selector.column))
            if cell is None:
                missing.append(f"{self.describe(selector, row)}: {blank}")
            else:
                cells.append(cell)
        return cells, missing

    def domain(self, calc: Calculation) -> list[str]:
        """What an iterating calculation is repeated for: row keys or 类 codes that are printed."""
        values: set[str] = set()
        for selector in (calc.total, *calc.plus, *calc.minus):
            table = self.index.tables.get(selector.table) if selector else None
            if table is None:
                continue
            for row in self.rows(selector, table, None, None):
                if calc.for_each == "EachRow" and not selector.names_row:
                    if (table.key, row.key, selector.column) in self.index.cells:
                        values.add(row.key)
                elif calc.for_each == "EachClassCode" and row.class_code:
                    values.add(row.class_code)
        return sorted(values)

    def is_printed(self, selector: Selector) -> bool:
        """The selector's table is printed, not empty, and prints its column."""
        table = self.index.tables.get(selector.table)
        return table is not None and not table.empty and selector.column in table.printed_columns

    def instance(self, calc: Calculation, key: str, mode: str | None, binding: str | None
                 ) -> Instance | None:
        selectors = [s for s in (calc.total, *calc.plus, *calc.minus) if s is not None]
        unread = [s for s in selectors if (t := self.index.tables.get(s.table)) and t.not_read]
        if calc.only_where_printed and not all(self.is_printed(s) for s in selectors
                                               if s not in unread):
            return None
        instance = Instance(key, calc, row=binding or "")
        printed = 0
        total_table = self.index.tables.get(calc.total.table) if calc.total else None
        if total_table and not total_table.empty and calc.total.column not in total_table.printed_columns:
            return None  # the table does not print the total's column: nothing to check
        if calc.total is not None:
            totals, missing = self.resolve(calc.total, mode, binding)
            instance.missing += missing
            if len(totals) > 1:
                instance.missing.append(f"{self.describe(calc.total, binding)}: 合计项不唯一 "
                                        f"(more than one total cell)")
            elif totals:
                instance.total = totals[0]
                printed += 1
        seen = {instance.total}
        for selectors, target in ((calc.plus, instance.addends), (calc.minus, instance.subtrahends)):
            for selector in selectors:
                cells, missing = self.resolve(selector, mode, binding,
                                              calc.total.table if calc.total else None)
                instance.missing += missing
                for cell in cells:
                    if cell in seen:  # the network names one cell twice: summing it would be wrong
                        instance.missing.append(f"{self.describe(selector, binding)}: 重复单元格 "
                                                f"(cell named twice)")
                    seen.add(cell)
                    target.append(cell)
                    printed += 1
        self.scale_parts(instance)
        return instance if printed else None

    def set_envelope(self, instance: Instance) -> None:
        """Half a unit of the last digit each term is printed to (XBRL's interval rule from the
        printed precision), for terms all in one unit; a cell printed in whole 元 is rounded, from
        an amount kept in 分, to ±0.5. Two decimals everywhere is the shapes' default."""
        if instance.part_scale is not None:
            return
        cells = [c for c in (instance.total, *instance.addends, *instance.subtrahends) if c]
        digits = [self.index.cell_digits.get(cell, self.index.precision.get(
            self.index.cell_tables[cell], 2)) for cell in cells]
        if min(digits, default=2) < 2:
            instance.envelope = sum((Decimal("0.5") / 10 ** d for d in digits), Decimal("0"))

    def scale_parts(self, instance: Instance) -> None:
        """Parts printed in a finer unit than their total (基本支出表 in 元, “三公” table in 万元)
        are compared in the total's unit; any other mixture of units is not checked."""
        calc = instance.calculation
        unit = {s.table: self.index.tables[s.table].unit
                for s in (calc.total, *calc.plus, *calc.minus)
                if s is not None and s.table in self.index.tables}
        part_units = {unit[s.table] for s in (*calc.plus, *calc.minus) if s.table in unit}
        total_unit = unit.get(calc.total.table) if calc.total else None
        if len(set(unit.values())) <= 1:
            return
        if (len(part_units) == 1 and total_unit in YUAN
                and YUAN[total_unit] > YUAN[next(iter(part_units))]):
            instance.part_scale = YUAN[next(iter(part_units))] / YUAN[total_unit]
            return
        instance.missing.append(f"单位不同 (units differ): {' / '.join(sorted(set(unit.values())))}")

    def code_tree(self, calc: Calculation) -> list[Instance]:
        instances = []
        for table_key in calc.tree_tables:
            table = self.index.tables.get(table_key)
            if table is None or table.empty:
                continue
            coded = [r for r in table.rows if r.code]
            has_total = any(r.key == "total" for r in table.rows)
            columns = sorted({c for (t, _, c) in self.index.cells if t == table_key})
            for column in columns:
                groups: list[tuple[Row | None, list[Row]]] = [
                    (parent, [r for r in coded if len(r.code) == len(parent.code) + 2
                              and r.code.startswith(parent.code)]) for parent in coded]
                if has_total:
                    total_row = next(r for r in table.rows if r.key == "total")
                    groups.append((total_row, [r for r in coded if len(r.code) == 3]))
                for parent, children in groups:
                    if not children:
                        continue
                    instance = Instance(f"{table_key}/{column}/{parent.key}", calc, row=parent.key)
                    selector = Selector(table_key, column)
                    total = self.index.cells.get((table_key, parent.key, column))
                    if total is None:
                        instance.missing.append(f"{self.describe(selector, parent)}: 空白 (blank)")
                    instance.total = total
                    for child in children:
                        cell = self.index.cells.get((table_key, child.key, column))
                        if cell is None:
                            instance.missing.append(f"{self.describe(selector, child)}: 空白 (blank)")
                        else:
                            instance.addends.append(cell)
                    instances.append(instance)
        return instances

    def expand(self, calc: Calculation) -> list[Instance]:
        if calc.tree_tables:
            found = self.code_tree(calc)
        elif calc.for_each is None:
            found = [i for i in [self.instance(calc, "-", None, None)] if i is not None]
        else:
            found = [i for i in (self.instance(calc, value, calc.for_each, value)
                                 for value in self.domain(calc)) if i is not None]
        return found or self.not_read(calc)

    def not_read(self, calc: Calculation) -> list[Instance]:
        """A table the calculation needs was not read: one instance that says so (not checked),
        where a read table would have given the calculation its rows."""
        keys = calc.tree_tables or tuple(s.table for s in (calc.total, *calc.plus, *calc.minus) if s)
        unread = [t for key in dict.fromkeys(keys) if (t := self.index.tables.get(key)) and t.not_read]
        if not unread:
            return []
        return [Instance("not-read", calc, row="not-read",
                         missing=[f"{t.name}: 表未能读取 (table not read)" for t in unread])]


def calculation_instances(subject: URIRef, disclosure: Disclosure) -> list[Instance]:
    network = load_network()
    expander = Expander(DisclosureIndex(subject, disclosure, network))
    instances = [i for calc in network.calculations for i in expander.expand(calc)]
    for instance in instances:
        expander.set_envelope(instance)
    return instances


def calculation_graph(subject: URIRef, disclosure: Disclosure) -> Graph:
    """Every calculation instance of the disclosure, as RDF for the shapes. Derived at validation
    (kg.validate.derive) from the observations and the network, never stored: a fifth of a
    disclosure graph's triples that add nothing to what was printed."""
    graph = Graph(identifier=subject)
    for instance in calculation_instances(subject, disclosure):
        node = URIRef(f"{subject}/calc/{instance.calculation.key}/{instance.key}")
        graph.add((node, RDF.type, GK.CalculationInstance))
        graph.add((node, GK.calculation, URIRef(instance.calculation.iri)))
        graph.add((node, GK.inDisclosure, subject))
        if instance.calculation.at_least:
            graph.add((node, GK.relation, GK.AtLeast))
        if instance.total is not None:
            graph.add((node, GK.totalCell, instance.total))
        elif instance.row:
            graph.add((node, GK.row, Literal(instance.row)))
        for cell in instance.addends:
            graph.add((node, GK.addend, cell))
        for cell in instance.subtrahends:
            graph.add((node, GK.subtrahend, cell))
        if instance.part_scale is not None:
            graph.add((node, GK.partScale, Literal(instance.part_scale)))
        if instance.envelope is not None:
            graph.add((node, GK.roundingEnvelope, Literal(instance.envelope)))
        for text in dict.fromkeys(instance.missing):
            graph.add((node, GK.missingCell, Literal(text)))
    return graph
