"""govkg report as a person sees it: the HTML opened in headless Chromium (Debian's package, never
downloaded here), a screenshot taken, and the rendered page read back — every finding of the seed
and of the Shanghai 决算 there, each beside its page image (PDF) or its printed lines (text), and
the charts drawn."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CORPUS, GOVKG, ROOT, SEED, cli_env
from conftest import corpus_store as shared_corpus_store

CHROMIUM = shutil.which("chromium")
FINAL_PDF = ROOT.parent / "shared/corpus/final-accounts/shanghai-putuo-caizhengju-2024.pdf"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: "
                                                          "apt-get install chromium; .ci/run does)")


class RenderedPage(HTMLParser):
    """The rendered DOM's findings (with what shows their printed place) and charts."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict] = []
        self.article: dict | None = None
        self.across = False
        self.across_charts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("class") == "across":
            self.across = True
        elif tag == "section":
            self.across = False
            self.sections.append({"findings": [], "charts": set(), "svg": 0})
        elif tag == "article":
            self.article = {"rule": a["data-rule"], "page": a["data-page"], "line": a["data-line"],
                            "image": None, "src": None, "excerpt": False}
            self.sections[-1]["findings"].append(self.article)
        elif tag == "img" and self.article is not None:
            self.article["image"] = a.get("data-loaded")
            self.article["src"] = a.get("src")
        elif tag == "pre" and self.article is not None:
            self.article["excerpt"] = True
        elif tag == "figure" and self.across:
            self.across_charts.append(a["data-chart"])
        elif tag == "figure" and self.sections:
            self.sections[-1]["charts"].add(a["data-chart"])
        elif tag == "svg" and self.sections and not self.across:
            self.sections[-1]["svg"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.article = None


def chromium(*args: str) -> subprocess.CompletedProcess:
    # --virtual-time-budget: let the page's script run (it marks each image once drawn).
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--virtual-time-budget=10000", *args], capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "report.html"
    done = subprocess.run([GOVKG, "report", str(SEED), str(FINAL_PDF), "-o", str(output)],
                          capture_output=True, text=True, timeout=300, env=cli_env())
    assert done.returncode == 0, done.stderr
    assert "2 of 2 disclosures" in done.stdout
    return output


@pytest.fixture(scope="module")
def rendered(report):
    dom = chromium("--dump-dom", report.as_uri())
    assert dom.returncode == 0, dom.stderr
    page = RenderedPage()
    page.feed(dom.stdout)
    return page


def expected_findings(path: Path) -> Counter:
    from conftest import extracted
    from kg.graph import build
    from kg.validate import validate

    found = validate(build(extracted(path))).findings
    return Counter((f.rule, str(f.page or ""), str(f.line or "")) for f in found)


def test_every_finding_is_on_the_page(rendered):
    seed, final = rendered.sections
    for section, path in ((seed, SEED), (final, FINAL_PDF)):
        shown = Counter((f["rule"], f["page"], f["line"]) for f in section["findings"])
        assert shown == expected_findings(path)
    assert len(seed["findings"]) >= 20 and len(final["findings"]) >= 10


def test_each_pdf_finding_shows_its_page_image_loaded(rendered):
    _, final = rendered.sections
    placed = [f for f in final["findings"] if f["page"]]
    assert placed and all(f["image"] == "yes" for f in placed), placed


def test_each_text_finding_shows_its_printed_lines(rendered):
    seed, _ = rendered.sections
    lined = [f for f in seed["findings"] if f["line"]]
    assert lined and all(f["excerpt"] for f in lined), [f for f in lined if not f["excerpt"]]


def test_the_charts_are_drawn(rendered):
    for section in rendered.sections:
        assert section["charts"] == {"by-class", "basic-project"}
        assert section["svg"] >= 2


def test_a_screenshot_shows_the_page(report, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    done = chromium("--window-size=1280,2000", f"--screenshot={shot}", report.as_uri())
    assert done.returncode == 0, done.stderr
    image = Image.open(shot)
    assert image.size == (1280, 2000)
    # Not a blank page: the header, the index and the first charts put thousands of colours on it.
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 200


def test_a_departments_years_and_its_budget_beside_its_final_accounts_are_charted(tmp_path):
    """万里街道's 预算 of 2023–2025: its 类 over the years. 财政局's 2024 决算 and its 2025 预算
    given as 2024 (the corpus has no department with both of one year): budget against final."""
    from kg.report import disclosure_views, write_report

    budgets = CORPUS / "budgets"
    views = disclosure_views([budgets / f"shanghai-putuo-wanli-{y}.pdf" for y in (2023, 2024, 2025)])
    views += disclosure_views([CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf"])
    views += disclosure_views([budgets / "shanghai-putuo-caizhengju-2025.pdf"], year=2024)
    output = write_report(views, tmp_path / "across.html")
    dom = chromium("--dump-dom", output.as_uri())
    page = RenderedPage()
    page.feed(dom.stdout)
    assert sorted(page.across_charts) == ["budget-final", "over-years"]
    assert len(page.sections) == 5
    text = output.read_text(encoding="utf-8")
    assert "上海市普陀区人民政府万里街道办事处 · 预算 · 按年度" in text
    assert "上海市普陀区财政局 · 2024 · 预算 / 决算" in text


def test_a_file_that_cannot_be_read_is_shown_as_not_read_beside_the_others(tmp_path):
    """Several files are read in worker processes: one that is no PDF comes back as its error,
    shown as not read (never as passed), and the others are reported as they are alone."""
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    output = tmp_path / "two.html"
    done = subprocess.run([GOVKG, "report", str(SEED), str(broken), "-o", str(output)],
                          capture_output=True, text=True, timeout=300, env=cli_env())
    assert done.returncode == 2, done.stderr
    assert "broken.pdf: not read: " in done.stderr and "not a readable PDF" in done.stderr
    assert "1 of 2 disclosures" in done.stdout
    text = output.read_text(encoding="utf-8")
    assert text.count('<section class="disclosure"') == 2 and text.count('class="refused"') == 1
    assert text.count('<article class="finding') == sum(expected_findings(SEED).values())


def test_the_file_needs_no_network(report):
    """Nothing the page loads is fetched: no stylesheet, script or image by URL, every image a
    data: URI (the SVG's namespace IRIs are names, not fetched)."""
    import re

    text = report.read_text(encoding="utf-8")
    assert "<link" not in text and "<script src" not in text and "@import" not in text
    assert not re.search(r"""(src|href)=["']?(https?:|//)|url\((https?:|//)""", text)
    images = re.findall(r'<img [^>]*src="([^"]*)"', text)
    assert images and all(src.startswith("data:image/png;base64,") for src in images)


# ---------------------------------------------------------------- a store's report

@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    return shared_corpus_store(tmp_path_factory.mktemp("corpus") / "store")


@pytest.fixture(scope="module")
def store_report(corpus_store, tmp_path_factory):
    output = tmp_path_factory.mktemp("store-report") / "store.html"
    done = subprocess.run([GOVKG, "report", "--store", str(corpus_store), "--sources", str(CORPUS),
                           "--sources", str(SEED), "-o", str(output)],
                          capture_output=True, text=True, timeout=600, env=cli_env())
    assert done.returncode == 0, done.stderr
    dom = chromium("--dump-dom", output.as_uri())
    assert dom.returncode == 0, dom.stderr
    page = RenderedPage()
    page.feed(dom.stdout)
    return done.stdout, page


def test_a_store_report_has_every_disclosure_and_its_findings(corpus_store, store_report):
    from kg.store import open_store
    from kg.validate import validate_stored

    said, page = store_report
    store = open_store(corpus_store)  # released with this test: the next one runs govkg on it
    disclosures = list(store.select("SELECT ?d WHERE { GRAPH ?d { "
                                    "?d a <https://w3id.org/govkg/ontology#Disclosure> } }")["d"])
    assert f"{len(disclosures)} of {len(disclosures)} disclosures" in said
    assert len(page.sections) == len(disclosures) >= 20
    expected = Counter()
    for iri in disclosures:
        for f in validate_stored(store, iri).findings:
            expected[(f.rule, str(f.page or ""), str(f.line or ""))] += 1
    shown = Counter((f["rule"], f["page"], f["line"]) for s in page.sections for f in s["findings"])
    assert shown == expected


def test_a_store_reports_pdf_findings_beside_their_page_images(store_report):
    _, page = store_report
    images = [f["image"] for s in page.sections for f in s["findings"] if f["image"] is not None]
    assert len(images) >= 50 and set(images) == {"yes"}


def test_a_store_report_shows_the_page_images_a_report_of_the_file_shows(rendered, store_report):
    """The store report reads a PDF again on its findings' pages only, their lines numbered from
    the store's gk:pageFirstLines; a report of the file reads it whole. The Shanghai 决算's
    findings show the very same crops in both."""
    _, stored = store_report
    final = rendered.sections[1]
    crops = {(f["rule"], f["page"], f["line"], f["src"]) for f in final["findings"] if f["src"]}
    shown = {(f["rule"], f["page"], f["line"], f["src"]) for s in stored.sections for f in s["findings"]}
    assert len(crops) >= 5 and crops <= shown


def test_a_store_report_for_one_department(corpus_store, tmp_path):
    output = tmp_path / "one.html"
    done = subprocess.run([GOVKG, "report", "--store", str(corpus_store), "--department", "上海市普陀区财政局",
                           "-o", str(output)], capture_output=True, text=True, timeout=300, env=cli_env())
    assert done.returncode == 0, done.stderr
    assert "2 of 2 disclosures" in done.stdout  # its 2024 决算 and 2025 预算
    text = output.read_text(encoding="utf-8")
    assert text.count('<section class="disclosure"') == 2
    assert "no page images" in text  # no --sources: the findings without their pages
