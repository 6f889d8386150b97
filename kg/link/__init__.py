"""Link: networkx graphs across departments, regions and codes, built from a store.

- ``department_code_graph``: bipartite, departments ↔ 项 codes, an edge per (department, code)
  with the amounts it spent or budgeted (exact decimal strings, per disclosure);
- ``region_tree``: GB/T 2260 regions, province → city → district;
- ``code_tree``: a classification scheme's codes, 类 → 款 → 项;
- ``similar_departments``: spending-profile similarity (cosine over code shares) and the codes
  that connect each pair; ``write_graphml`` for Gephi, Cytoscape or networkx elsewhere.
"""

from __future__ import annotations

from decimal import Decimal, getcontext
from pathlib import Path

import networkx as nx
import pandas as pd

from kg.query import read_query_file

__all__ = ["department_code_graph", "region_tree", "code_tree", "similar_departments",
           "write_graphml"]

SPENDING = Path(__file__).with_name("spending.rq")
TEN_THOUSAND = Decimal(10000)


def yuan(amount: Decimal, unit: str) -> Decimal:
    """Budgets print 元, final accounts 万元: compare spending in one unit."""
    return amount * TEN_THOUSAND if unit == "万元" else amount


def department_code_graph(store, kind: str | None = None) -> nx.Graph:
    """Departments and the 项 codes they spend on (kind 'final' or 'budget', default both)."""
    frame = store.select(read_query_file(SPENDING))
    if kind:
        frame = frame[frame["kind"] == kind]
    graph = nx.Graph()
    for row in frame.itertuples(index=False):
        graph.add_node(row.department, kind="department", label=row.departmentName,
                       region=row.region if pd.notna(row.region) else "", bipartite=0)
        code = f"code:{row.code}"
        graph.add_node(code, kind="code", label=row.name, code=row.code, bipartite=1)
        if not graph.has_edge(row.department, code):
            graph.add_edge(row.department, code, spent={})
        key = f"{row.year} {row.kind}"
        graph.edges[row.department, code]["spent"][key] = yuan(row.amount, row.unit)
    for _a, _b, data in graph.edges(data=True):
        spent = data["spent"]
        data["amount_yuan"] = str(sum(spent.values()))
        data["disclosures"] = len(spent)
    return graph


def region_tree(store) -> nx.DiGraph:
    frame = store.select("""
        PREFIX gk: <https://w3id.org/govkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?code ?name ?parent WHERE {
          ?region a gk:Region ; skos:notation ?code ; rdfs:label ?name .
          OPTIONAL { ?region skos:broader/skos:notation ?parent } }""")
    tree = nx.DiGraph()
    for row in frame.itertuples(index=False):
        tree.add_node(row.code, label=row.name)
        if pd.notna(row.parent):
            tree.add_edge(row.parent, row.code)
    return tree


def code_tree(store, classification: str = "functional", year: int = 2024) -> nx.DiGraph:
    scheme = f"https://w3id.org/govkg/code/{classification}/{year}"
    frame = store.select(f"""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?code ?name ?parent WHERE {{
          ?concept skos:inScheme <{scheme}> ; skos:notation ?code .
          OPTIONAL {{ ?concept skos:prefLabel ?name }}
          OPTIONAL {{ ?concept skos:broader/skos:notation ?parent }} }}""")
    tree = nx.DiGraph()
    for row in frame.itertuples(index=False):
        tree.add_node(row.code, label=row.name if pd.notna(row.name) else "")
        if pd.notna(row.parent):
            tree.add_edge(row.parent, row.code)
    return tree


def profile(graph: nx.Graph, department: str) -> dict[str, Decimal]:
    """A department's spending shares per code (sums to 1)."""
    amounts = {code: Decimal(data["amount_yuan"]) for _, code, data in graph.edges(department, data=True)}
    total = sum(amounts.values())
    return {code: amount / total for code, amount in amounts.items()} if total else {}


def similar_departments(graph: nx.Graph) -> pd.DataFrame:
    """Every pair of departments that share a code: cosine similarity of their spending shares
    and the codes that connect them, most similar first."""
    getcontext().prec = 28
    departments = [n for n, d in graph.nodes(data=True) if d["kind"] == "department"]
    profiles = {d: profile(graph, d) for d in departments}
    rows = []
    for i, a in enumerate(departments):
        for b in departments[i + 1:]:
            shared = sorted(set(profiles[a]) & set(profiles[b]))
            if not shared:
                continue
            dot = sum(profiles[a][c] * profiles[b][c] for c in shared)
            norm = (sum(v * v for v in profiles[a].values()).sqrt()
                    * sum(v * v for v in profiles[b].values()).sqrt())
            rows.append({"department_a": graph.nodes[a]["label"], "department_b": graph.nodes[b]["label"],
                         "similarity": round(dot / norm, 4) if norm else Decimal(0),
                         "shared_codes": ", ".join(c.removeprefix("code:") for c in shared)})
    columns = ["department_a", "department_b", "similarity", "shared_codes"]
    return pd.DataFrame(rows, columns=columns).sort_values("similarity", ascending=False,
                                                           ignore_index=True)


def write_graphml(graph: nx.Graph, path: str | Path) -> None:
    """GraphML keeps strings and numbers: amounts are written as exact decimal strings."""
    plain = graph.copy()
    for _a, _b, data in plain.edges(data=True):
        data.pop("spent", None)
    nx.write_graphml(plain, str(path))
