"""The report's charts, as static SVG written by matplotlib: what a reader would rather look at
than read. Text stays text in the SVG (svg.fonttype none): the browser draws the Chinese labels
with its own fonts, and a test can read them in the page."""

from __future__ import annotations

import io
import warnings
from decimal import Decimal

import pandas as pd

EXPENDITURE_TABLES = ("final-03", "budget-03")  # 支出决算表, 支出预算总表: all funds
TOTAL_COLUMN = "c1"


def wan(amount: Decimal, unit: str) -> Decimal:
    """An amount in 万元, from the unit its table prints."""
    return amount / Decimal(10000) if unit == "元" else amount


def expenditure_by_class(facts: pd.DataFrame) -> pd.DataFrame:
    """The 类 rows (3-digit 支出功能分类 codes) of the expenditure table's total column, in 万元."""
    rows = facts[facts["table_key"].isin(EXPENDITURE_TABLES) & (facts["column_key"] == TOTAL_COLUMN)
                 & (facts["code"].str.len() == 3)]
    return pd.DataFrame({"code": rows["code"], "item": rows["item"],
                         "wan": [wan(a, u) for a, u in zip(rows["amount"], rows["unit"])]})


def basic_and_project(facts: pd.DataFrame) -> dict[str, Decimal]:
    """The expenditure table's 合计 row: 基本支出 and 项目支出 in 万元 (empty where not printed)."""
    rows = facts[facts["table_key"].isin(EXPENDITURE_TABLES) & (facts["row_key"] == "total")
                 & facts["measure_label"].isin(["基本支出", "项目支出"])]
    return {label: wan(amount, unit)
            for label, amount, unit in zip(rows["measure_label"], rows["amount"], rows["unit"])}


def _svg(figure) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Without a CJK font matplotlib lays the labels out with a fallback's widths and says so
        # per glyph; the SVG keeps them as text, which the browser draws with its own fonts.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: no XML declaration or DOCTYPE inside HTML


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9})
    return plt


def class_bar_svg(by_class: pd.DataFrame, title: str) -> str:
    """Horizontal bars, one per 类, labelled with the amount as printed (万元)."""
    plt = _pyplot()
    by_class = by_class.iloc[::-1]  # the first code on top
    figure, axes = plt.subplots(figsize=(7.5, 0.32 * len(by_class) + 0.9))
    # Bar lengths are drawing coordinates: the labels print the Decimal itself.
    bars = axes.barh([f"{c} {i}" for c, i in zip(by_class["code"], by_class["item"])],
                     [float(w) for w in by_class["wan"]], color="#3b6ea5")
    axes.bar_label(bars, labels=[f"{w:,.2f}" for w in by_class["wan"]], padding=3, fontsize=8)
    axes.set_xlabel("万元")
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    axes.margins(x=0.18)
    return _svg(figure)


def split_svg(split: dict[str, Decimal], title: str) -> str:
    """One bar split into 基本支出 and 项目支出, each with its share."""
    plt = _pyplot()
    total = sum(split.values(), Decimal(0))
    figure, axes = plt.subplots(figsize=(7.5, 1.2))
    left = 0.0
    for (label, amount), colour in zip(split.items(), ("#3b6ea5", "#e09f3e")):
        share = amount / total * 100 if total else Decimal(0)
        axes.barh([""], [float(amount)], left=left, color=colour, label=f"{label} {amount:,.2f} 万元 ({share:.1f}%)")
        left += float(amount)
    axes.set_title(title)
    axes.axis("off")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.05), ncol=2, frameon=False)
    return _svg(figure)


def years_svg(rows: pd.DataFrame, title: str) -> str:
    """One line per 类 over the fiscal years (rows: year, code, item, wan)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.5, 3.2))
    years = sorted(rows["year"].unique())
    for (code, item), group in rows.groupby(["code", "item"], sort=True):
        by_year = dict(zip(group["year"], group["wan"]))
        points = [y for y in years if y in by_year]
        axes.plot(points, [float(by_year[y]) for y in points], marker="o", label=f"{code} {item}")
    axes.set_xticks(years, [str(y) for y in years])
    axes.set_ylabel("万元")
    axes.set_title(title)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    return _svg(figure)


def budget_final_svg(rows: pd.DataFrame, title: str) -> str:
    """Budget and final side by side per 类 (rows: code, item, 预算, 决算 in 万元; absent: 0)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7.5, 0.45 * len(rows) + 1.0))
    labels = [f"{c} {i}" for c, i in zip(rows["code"], rows["item"])]
    positions = list(range(len(rows)))
    for offset, (column, colour) in zip((-0.2, 0.2), (("预算", "#e09f3e"), ("决算", "#3b6ea5"))):
        axes.barh([p + offset for p in positions], [float(v) for v in rows[column]], height=0.4,
                  color=colour, label=column)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.set_xlabel("万元")
    axes.set_title(title)
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure)
