"""The report's HTML: an index of the disclosures (sortable), then one section per disclosure.
Everything the page needs is in it; every printed text goes through html.escape."""

from __future__ import annotations

from decimal import Decimal
from html import escape

import pandas as pd

from kg.report import DisclosureView
from kg.report.charts import budget_final_svg, class_bar_svg, split_svg, years_svg
from kg.report.crops import excerpt, line_at, page_crop, page_top
from kg.validate.findings import RULES, Category, Finding

STATUS = {"read": "已读", "partly read": "部分已读", "refused": "未读"}
SEVERITY = {"violation": "违规", "warning": "警告", "info": "提示"}
CATEGORIES = [  # the order a reader goes through them, with the heading of each
    (Category.table, "表内加总 sums within a table"),
    (Category.cross_table, "表间勾稽 across tables"),
    (Category.code, "科目 codes"),
    (Category.narrative, "情况说明 narrative"),
    (Category.performance, "绩效 performance"),
    (Category.document, "文件 document"),
    (Category.reading, "读取 reading"),
]

STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem;
       color: #1d1d1f; max-width: 72rem; }
h1 { font-size: 1.5rem; } h2 { border-top: 2px solid #3b6ea5; padding-top: 1rem; margin-top: 2.5rem; }
table { border-collapse: collapse; font-size: .9rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; }
th { cursor: pointer; background: #f1f4f8; text-align: left; }
td.n { text-align: right; }
dl { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
dt { color: #666; } .finding { border-left: 4px solid #999; padding: .4rem .8rem; margin: .8rem 0; }
.violation { border-color: #c0392b; } .warning { border-color: #e09f3e; } .info { border-color: #3b6ea5; }
.numbers { font-family: monospace; } .en { color: #666; font-size: .85rem; }
img.crop { max-width: 100%; border: 1px solid #ccc; display: block; margin-top: .4rem; }
pre.excerpt { background: #f7f7f7; padding: .4rem; overflow-x: auto; }
pre.excerpt mark { background: #ffd600; } .chart svg { max-width: 100%; height: auto; }
"""

# Sort the index by a clicked column (numbers as numbers); mark each page image once it is drawn,
# so that a test (or a reader's browser) can tell a loaded image from a broken one.
SCRIPT = """
document.querySelectorAll("table.index th").forEach((th, i) => th.addEventListener("click", () => {
  const body = th.closest("table").tBodies[0];
  const rows = Array.from(body.rows), up = th.dataset.up !== "1";
  rows.sort((a, b) => {
    const x = a.cells[i].dataset.v ?? a.cells[i].textContent;
    const y = b.cells[i].dataset.v ?? b.cells[i].textContent;
    const d = (isNaN(x) || isNaN(y)) ? x.localeCompare(y, "zh") : x - y;
    return up ? d : -d;
  });
  th.dataset.up = up ? "1" : "0"; rows.forEach(r => body.appendChild(r));
}));
function mark(img) { img.dataset.loaded = img.naturalWidth > 0 ? "yes" : "broken"; }
document.querySelectorAll("img.crop").forEach(img =>
  img.complete ? mark(img) : img.addEventListener("load", () => mark(img)));
"""


def render(views: list[DisclosureView]) -> str:
    sections = [section(i, view) for i, view in enumerate(views)]
    return (f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            f"<title>govkg 报告 report</title><style>{STYLE}</style></head><body>"
            f"<h1>govkg 报告 · {len(views)} 份公开文件 disclosures</h1>{index(views)}"
            f'{across(views)}{"".join(sections)}<script>{SCRIPT}</script></body></html>\n')


def across(views: list[DisclosureView]) -> str:
    """Charts over several disclosures of one department: its 类 over the years (one kind), and
    budget against final accounts of one year, where the report holds both."""
    rows = [(v.department, v.year, v.kind, code, item, wan) for v in views if not v.report.error
            for code, item, wan in v.by_class.itertuples(index=False)]
    frame = pd.DataFrame(rows, columns=["department", "year", "kind", "code", "item", "wan"])
    out = []
    for (department, kind), group in frame.groupby(["department", "kind"], sort=True):
        if group["year"].nunique() >= 2:
            out.append(f'<figure class="chart" data-chart="over-years">'
                       f"{years_svg(group, f'{department} · {kind} · 按年度')}"
                       f"<figcaption>{escape(department)} · {escape(kind)}: 类 over the years (万元)"
                       "</figcaption></figure>")
    for (department, year), group in frame.groupby(["department", "year"], sort=True):
        if set(group["kind"]) >= {"预算", "决算"}:
            pivot = group.pivot_table(index=["code", "item"], columns="kind", values="wan",
                                      aggfunc="first").reset_index()
            pivot = pivot.astype(object).where(pivot.notna(), Decimal(0))
            out.append(f'<figure class="chart" data-chart="budget-final">'
                       f"{budget_final_svg(pivot, f'{department} · {year} · 预算 / 决算')}"
                       f"<figcaption>{escape(department)} {year}: budget vs final accounts (万元)"
                       "</figcaption></figure>")
    if not out:
        return ""
    return '<section class="across"><h2>跨文件 across disclosures</h2>' + "".join(out) + "</section>"


def index(views: list[DisclosureView]) -> str:
    heads = ["文件 file", "部门 department", "地区 region", "年度 year", "类型 kind", "状态 status",
             "数字 numbers", "已核 checked", "未核 not checked", "违规", "警告", "提示"]
    rows = []
    for i, view in enumerate(views):
        counts = view.report.counts()
        cells = [f'<a href="#d{i}">{escape(view.name)}</a>', escape(view.department), escape(view.region),
                 str(view.year or ""), escape(view.kind), STATUS[view.report.status]]
        numbers = [view.report.facts, view.report.checked, len(view.report.not_checked),
                   counts["violation"], counts["warning"], counts["info"]]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells)
                    + "".join(f'<td class="n" data-v="{n}">{n:,}</td>' for n in numbers) + "</tr>")
    return ('<table class="index"><thead><tr>' + "".join(f"<th>{h}</th>" for h in heads)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def section(i: int, view: DisclosureView) -> str:
    report = view.report
    head = f'<section class="disclosure" id="d{i}"><h2>{escape(view.name)}</h2>'
    if report.error:
        return head + f'<p class="refused">未读 not read: {escape(report.error)}</p></section>'
    read, empty, not_read = view.tables
    facts = [("部门 department", view.department), ("地区 region (GB/T 2260)", view.region),
             ("年度 year", str(view.year or "")), ("类型 kind", view.kind),
             ("表 tables", f"{read} 已读 read ({empty} 空表 empty), {not_read} 未读 not read"),
             ("数字 numbers", f"{report.facts:,}"),
             ("加总 sums", f"{report.checked:,} 已核 checked, {len(report.not_checked):,} 未核 not checked")]
    if view.document is None:
        facts.append(("原文 source", "不在手边 not at hand (govkg report --sources DIR): no page images"))
    parts = [head, "<dl>" + "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in facts) + "</dl>",
             charts(view), findings(view), "</section>"]
    return "".join(parts)


def charts(view: DisclosureView) -> str:
    out = []
    if not view.by_class.empty:
        out.append(f'<figure class="chart" data-chart="by-class">{class_bar_svg(view.by_class, "支出按功能分类（类）")}'
                   "<figcaption>支出功能分类 类 · expenditure by class (万元)</figcaption></figure>")
    if len(view.split) == 2:
        out.append(f'<figure class="chart" data-chart="basic-project">{split_svg(view.split, "基本支出 / 项目支出")}'
                   "<figcaption>基本支出 / 项目支出 · basic vs project (万元)</figcaption></figure>")
    return "".join(out)


def findings(view: DisclosureView) -> str:
    found = view.report.findings
    if not found:
        return '<p class="none">无发现 no findings.</p>'
    out = []
    for category, heading in CATEGORIES:
        group = [f for f in found if RULES[f.rule].category is category]
        if group:
            out.append(f'<h3 data-category="{category.value}">{escape(heading)} ({len(group)})</h3>')
            out.extend(finding(view, f) for f in sorted(group, key=lambda f: (f.page or 0, f.line or 0)))
    return "".join(out)


def _number(value) -> str:
    return "" if value is None else f"{value:,}"


def finding(view: DisclosureView, f: Finding) -> str:
    numbers = ""
    if f.expected is not None and f.actual is not None:
        numbers = (f'<p class="numbers">印 printed {_number(f.actual)} · 应为 expected {_number(f.expected)}'
                   f" · 差 difference {_number(f.difference)}</p>")
    where = f"p.{f.page}" + (f", line {f.line}" if f.line else "") if f.page else "—"
    return (f'<article class="finding {f.severity.value}" data-rule="{escape(f.rule)}" '
            f'data-severity="{f.severity.value}" data-page="{f.page or ""}" data-line="{f.line or ""}">'
            f"<p><b>{SEVERITY[f.severity.value]}</b> {escape(RULES[f.rule].title_zh)} · {escape(where)}</p>"
            f"<p>{escape(f.message_zh)}</p><p class=\"en\">{escape(f.message_en)}</p>{numbers}"
            f"{printed_place(view, f)}</article>")


def printed_place(view: DisclosureView, f: Finding) -> str:
    """The crop of the printed page (a PDF), or the lines around the finding (any other source)."""
    if view.document is None or view.path is None or f.page is None or not 0 < f.page <= len(view.document.pages):
        return ""
    line = line_at(view.document, f.page, f.line, (f.code, f.item))
    if view.document.format == "pdf":
        top = line.top if line is not None and line.top is not None else page_top(view.document, f.page)
        uri = page_crop(view.path, f.page, top)
        return f'<img class="crop" alt="p.{f.page}" src="{uri}">'
    if line is None:
        return ""
    lines = "\n".join(f"<mark>{escape(ln.text)}</mark>" if here else escape(ln.text)
                      for ln, here in excerpt(view.document, f.page, line.number))
    return f'<pre class="excerpt" data-page="{f.page}">{lines}</pre>'
