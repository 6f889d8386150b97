"""Checks of the document as a whole (category `document`) on the real documents of the corpus
and on deliberately altered copies of them."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from decimal import Decimal

import pytest

from conftest import ROOT, corpus_files, extracted, seed_copy

CORPUS = ROOT.parent / "shared" / "corpus"
JIANCHAYUAN = CORPUS / "budgets" / "jiangsu-jianchayuan-2019.pdf"
RENDA = CORPUS / "budgets" / "jiangsu-renda-2019.pdf"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")


def document_findings(disclosure) -> list:
    from kg.graph import build
    from kg.validate import validate

    return [f for f in validate(build(disclosure)).findings
            if f.category == "document" and f.rule not in ("document.metadata", "observation.well-formed")]


def without_table(disclosure, key: str):
    return dataclasses.replace(disclosure, tables=[t for t in disclosure.tables if t.key != key],
                               facts=disclosure.facts[disclosure.facts.table_key != key])


# ---------------------------------------------------------------- the 目录

def test_the_seed_contents_list_its_nine_tables(seed_disclosure):
    listed = {e.table_key: (e.page, e.line) for e in seed_disclosure.contents}
    assert sorted(listed) == [f"final-0{n}" for n in range(1, 10)]
    # printed as 六、一般公共预算财政拨款基本支出决算明细表 and 八、国有资本经营预算财政拨款支出决算表
    assert listed["final-06"] == (2, 36) and listed["final-08"] == (2, 40)


@needs_corpus
@pytest.mark.parametrize("name, listed", [
    ("budgets/jiangsu-jianchayuan-2019.pdf", 12), ("budgets/shanghai-putuo-caizhengju-2025.pdf", 9),
    ("budgets/shanghai-putuo-wanli-2024.pdf", 9), ("final-accounts/shanghai-putuo-caizhengju-2024.pdf", 9),
    ("final-accounts/template-shanghai-2024.pdf", 9)])
def test_every_table_the_contents_list_is_printed(name, listed):
    disclosure = extracted(CORPUS / name)
    assert len(disclosure.contents) == listed
    assert {e.table_key for e in disclosure.contents} <= {t.key for t in disclosure.tables}
    assert not [f for f in document_findings(disclosure) if f.rule == "document.missing-table"]


@needs_corpus
def test_tables_published_separately_are_not_required_by_the_contents():
    """江苏省人大常委会 2019: its 目录 lists twelve tables, and its body says "2019年部门预算公开表附后"
    (published in another file): none is in this document, which is not checked for them."""
    disclosure = extracted(RENDA)
    assert disclosure.tables == [] and disclosure.contents == []
    # its one document finding is the 2018 of its scope sentence (p. 5), not a missing table
    assert [f.rule for f in document_findings(disclosure)] == ["document.fiscal-year"]


@needs_corpus
def test_a_budget_table_the_contents_list_but_the_document_lacks_is_found():
    """A budget has no fixed table set; its 目录 says what it prints. Without the 机关运行经费 table."""
    findings = document_findings(without_table(extracted(JIANCHAYUAN), "budget-12"))
    (missing,) = [f for f in findings if f.rule == "document.missing-table"]
    assert (missing.page, missing.line) == (2, 20)
    assert "十一、一般公共预算机关运行经费支出预算表" in missing.message_zh
    assert "机关运行经费预算表" in missing.message_zh


def test_a_table_the_seed_lists_and_drops_is_found_with_its_contents_line(seed_disclosure):
    (missing,) = [f for f in document_findings(without_table(seed_disclosure, "final-09"))
                  if f.rule == "document.missing-table"]
    assert (missing.page, missing.line) == (2, 42) and "目录所列" in missing.message_zh


def test_a_renamed_title_in_the_seed_is_missing_by_its_contents(tmp_path):
    """The 三公 table's title misprinted in the body: not recognised, so missing by the 目录."""
    copy = extracted(seed_copy(tmp_path, " 财政拨款“三公”经费支出决算表\n", " 财政拨款经费支出情况\n"))
    assert "final-09" not in {t.key for t in copy.tables}
    assert [f.rule for f in document_findings(copy)].count("document.missing-table") == 1


# ---------------------------------------------------------------- relation words

MACHINE_OFFICE = "完成年初预算的 0.00%。决算数与年初预算数存在"  # 机关运行经费: 预算 0.00, 决算 36.32


@pytest.mark.parametrize("new, relation, fires", [
    ("完成年初预算的 0.00%。决算数小于年初预算数，", "less", True),
    ("完成年初预算的 0.00%。决算数大于年初预算数，", "greater", False),
    ("完成年初预算的 0.00%。决算数与年初预算数基本持平，", "about-equal", True),
    ("完成年初预算的 0.00%。决算数大于（小于）年初预算数，", "", False),  # the template's either-or
])
def test_a_relation_word_that_the_numbers_contradict_is_found(tmp_path, new, relation, fires):
    copy = extracted(seed_copy(tmp_path, MACHINE_OFFICE, new))
    claims = copy.claims
    actual = claims[(claims.quantity == "机关运行经费") & (claims.basis == "actual")].iloc[0]
    assert actual.relation == relation
    found = [f for f in document_findings(copy) if f.rule == "document.relation-word"]
    assert len(found) == fires
    if fires:
        (finding,) = found
        # the 决算 stated
        assert (finding.expected, finding.actual, finding.line) == (Decimal("0.00"), Decimal("36.32"), 922)


@needs_corpus
def test_shanghai_relation_words_agree_with_their_numbers():
    """上海市普陀区财政局 2024 决算: thirteen 决算数小于预算数 / 基本持平 after the 年初预算 and 决算 of an
    item; all agree with the two numbers (read off pages 21–22)."""
    disclosure = extracted(CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf")
    relations = Counter(disclosure.claims.relation)
    assert (relations["less"], relations["about-equal"]) == (10, 3)
    assert not [f for f in document_findings(disclosure) if f.rule == "document.relation-word"]


def test_the_seed_relation_words_agree():
    """The seed: 8 × 决算数与年初预算数存在差异 (0.00 vs 5.00 …) and 4 × 无差异 (“三公” 0.00 vs 0.00)."""
    disclosure = extracted(ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt")
    assert Counter(disclosure.claims.relation) == {"": 137, "differ": 8, "equal": 4}
    assert not [f for f in document_findings(disclosure) if f.rule == "document.relation-word"]


def test_no_difference_said_of_different_amounts_is_found(tmp_path):
    """因公出国（境）费 决算 0.00 → 1.00, still “决算数与全年预算数无差异” from a 全年预算 of 0.00."""
    copy = extracted(seed_copy(tmp_path, "支出决算为\n\n0.00 万元，完成全年预算的 0.00%。决算数与全年预算数无差异。\n\n全年因公",  # noqa: E501
                               "支出决算为\n\n1.00 万元，完成全年预算的 0.00%。决算数与全年预算数无差异。\n\n全年因公"))
    (found,) = [f for f in document_findings(copy) if f.rule == "document.relation-word"]
    assert (found.expected, found.actual) == (Decimal("0.00"), Decimal("1.00"))
    assert "等于" in found.message_zh


# ---------------------------------------------------------------- counts

def test_itemised_counts_of_the_corpus_add_up():
    """车辆 N 辆，其中 …: the seed 0 = 8 × 0; Jiangsu 检察院 55 = 13 + 40 + 2 (the items in the
    next sentence, 其中，…); Shanghai 2024 项目 4 = 4 优 + 0 + 0 + 0 and 车辆 0 = 8 × 0."""
    from kg.graph import build
    from kg.vocab import GK

    for path, total, items in [
            (ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt", Decimal(0), 8),
            (JIANCHAYUAN, Decimal(55), 3),
            (CORPUS / "final-accounts" / "shanghai-putuo-caizhengju-2024.pdf", Decimal(0), 8)]:
        disclosure = extracted(path)
        graph = build(disclosure)
        parts = {}
        for part, whole in graph.subject_objects(GK.itemOf):
            if str(graph.value(part, GK.claimUnit)) == "辆":
                parts.setdefault(whole, []).append(graph.value(part, GK.claimedValue).toPython())
        ((whole, values),) = parts.items()
        assert graph.value(whole, GK.claimedValue).toPython() == total == sum(values)
        assert len(values) == items
        assert not [f for f in document_findings(disclosure) if f.rule == "narrative.itemised"]


def test_itemised_counts_that_do_not_add_up_are_found(tmp_path):
    copy = extracted(seed_copy(tmp_path, "共有车辆 0 辆", "共有车辆 3 辆"))
    from kg.graph import build
    from kg.validate import validate

    found = [f for f in validate(build(copy)).findings if f.rule == "narrative.itemised"]
    assert [(f.severity.value, f.line, f.expected, f.actual) for f in found] == [
        ("warning", 943, Decimal(0), Decimal(3))]  # the items may not be complete: a warning
    copy = extracted(seed_copy(tmp_path, "其他用车 0 辆；", "其他用车 2 辆；"))
    found = [f for f in validate(build(copy)).findings if f.rule == "narrative.itemised"]
    assert [(f.severity.value, f.line, f.expected, f.actual) for f in found] == [
        ("violation", 943, Decimal(2), Decimal(0))]


@pytest.mark.parametrize("old, new, counted, spent", [
    # the “三公” table's 因公出国（境）费 决算数 (column 8) 1.00 (and its 合计), no 团组 in the prose
    ("\n0 0 0 0 0 0 0 0 0 0 0 0\n", "\n0 0 0 0 0 0 1.00 1.00 0 0 0 0\n", "0", "1"),
    # two 团组 in the prose, nothing spent
    ("全年因公出国（境）团组 0 个", "全年因公出国（境）团组 2 个", "2", "0"),
])
def test_counts_that_the_sangong_spending_contradicts_are_a_warning(tmp_path, old, new, counted, spent):
    from kg.graph import build
    from kg.validate import validate

    seed_findings = [f for f in validate(build(extracted(ROOT / "data" / "samples" /
                                                         "luoyang-xigong-shequban-2023.txt"))).findings
                     if f.rule == "narrative.count-vs-spending"]
    assert seed_findings == []  # the seed: 0 团组, 0 辆, 0 接待 and 0 spent on each
    copy = extracted(seed_copy(tmp_path, old, new))
    (found,) = [f for f in validate(build(copy)).findings if f.rule == "narrative.count-vs-spending"]
    assert found.severity.value == "warning" and found.item == "全年因公出国（境）团组"
    assert f"合计 {counted}，" in found.message_zh and f"决算数为 {spent} 万元" in found.message_zh


# ---------------------------------------------------------------- the department's name

# Documents without a cover that prints the name, and why.
NO_COVER = {
    "jiangsu-renda-bangongting-2019-tables.pdf": "tables published apart: it starts with 公开表一",
    "jiangsu-zhengxie-2017-tables.pdf": "tables published apart: it starts with 表一",
    "jiangsu-zhengxie-2018-tables.pdf": "tables published apart: it starts with 公开01表",
    "jiangsu-zhengxie-2019-tables.pdf": "tables published apart: it starts with 公开01表",
    "jiangsu-zhengxie-2019.pdf": "its cover is a picture: the page's only text is “- 1 -”",
}
# A name the document really prints otherwise (pinned in its tests/cases/*/findings.csv): none.
# (人大 2018's 部门名称 cell wraps: 江苏省人大 / 常委会办公厅 above the grid, one name.)
NAMED_OTHERWISE: dict[str, list[str]] = {}


@needs_corpus
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_the_corpus_names_its_department_alike_everywhere(path):
    """Cover, headings, tables. 万里街道 prints “…办事处（部门）主要职能”, 检察院 “省检察院”: the same
    name. A file without a cover still names its department, on its tables or a title line."""
    disclosure = extracted(path)
    roles = {n.role for n in disclosure.names}
    if path.name in NO_COVER:
        assert "cover" not in roles
        assert disclosure.metadata.evidence_of("department").place in ("table", "title")
    else:
        assert "cover" in roles
    found = [f for f in document_findings(disclosure) if f.rule == "document.department-name"]
    assert sorted(re.search("部门名称“(.+?)”", f.detail)[1] for f in found) == \
        NAMED_OTHERWISE.get(path.name, [])


@needs_corpus
def test_the_wanli_heading_names_its_department_with_its_mark():
    wanli = extracted(CORPUS / "budgets" / "shanghai-putuo-wanli-2024.pdf")
    assert "上海市普陀区人民政府万里街道办事处（部门）" in {n.name for n in wanli.names}


COVER = "洛阳市西工区社区治理和服务创新办公室部门\n"


@pytest.mark.parametrize("cover, fires", [
    ("洛阳市西工区社区治理办公室部门\n", True),                 # another name
    ("区社区治理和服务创新办公室部门\n", False),                # the district said by its level
    ("市社区治理和服务创新办公室部门\n", True),                 # the city's: another body
    ("西工区社区治理和服务创新办公室部门\n", False),             # without 洛阳市
    ("河南省洛阳市西工区社区治理和服务创新办公室部门\n", False),   # with 河南省
    ("洛阳市西工区社区治理和服务创新办公室本级\n", False),
])
def test_a_cover_naming_another_department_is_found(tmp_path, cover, fires):
    copy = extracted(seed_copy(tmp_path, COVER, cover))
    assert copy.metadata.department == "洛阳市西工区社区治理和服务创新办公室"  # from its 9 tables
    found = [f for f in document_findings(copy) if f.rule == "document.department-name"]
    assert [(f.page, f.line) for f in found] == ([(1, 6)] if fires else [])
    if fires:
        assert "封面" in found[0].message_zh and cover.strip().removesuffix("部门") in found[0].message_zh


# ---------------------------------------------------------------- the year in table titles

CAIZHENGJU_2025 = CORPUS / "budgets" / "shanghai-putuo-caizhengju-2025.pdf"


@needs_corpus
def test_table_titles_name_the_budget_year():
    # 财政局 2025 预算: every title starts "2025年部门…", the disclosure's year.
    budget = extracted(CAIZHENGJU_2025)
    assert sum("2025年" in t.printed_title for t in budget.tables) == 9
    assert [f for f in document_findings(budget) if f.rule == "document.table-year"] == []


@needs_corpus
def test_a_table_title_naming_another_year_is_found():
    budget = extracted(CAIZHENGJU_2025)
    tables = [dataclasses.replace(t, printed_title=t.printed_title.replace("2025年", "2024年"))
              if t.key == "budget-02" else t for t in budget.tables]
    found = [f for f in document_findings(dataclasses.replace(budget, tables=tables))
             if f.rule == "document.table-year"]
    assert len(found) == 1 and found[0].severity.value == "violation"
    assert "2024年部门收入预算总表" in found[0].message_zh and "2025" in found[0].message_zh


# ---------------------------------------------------------------- the fiscal year the document states

def stated_years(path, kind: str) -> list[tuple[str, int, int, int]]:
    from kg.extract.places import index
    from kg.extract.years import read_years
    from kg.readers import read

    return [(y.place, y.year, y.page, y.line) for y in read_years(index(read(path)), kind)]


def test_the_seed_states_its_year_on_the_cover_in_its_headings_and_dates(seed_disclosure):
    """Cover “2023 年度” over “…部门 决算公开” (its date 二〇二四年九月 is the publication's); the
    目录 and the body's part headings; “2023 年期末，” twice in the 情况说明 (公务用车, 车辆)."""
    assert [(y.place, y.year, y.page, y.line) for y in seed_disclosure.years] == [
        ("cover", 2023, 1, 4), ("heading", 2023, 2, 24), ("heading", 2023, 2, 44),
        ("heading", 2023, 6, 118), ("heading", 2023, 23, 698),
        ("date", 2023, 29, 900), ("date", 2023, 30, 943)]
    assert [f for f in document_findings(seed_disclosure) if f.rule == "document.fiscal-year"] == []


@needs_corpus
@pytest.mark.parametrize("name, kind, years", [
    # 2019年度部门预算公开; 第二/三部分 in the 目录 and the body; 纳入本部门2019年部门汇总预算编制范围
    ("budgets/jiangsu-jianchayuan-2019.pdf", "budget", [
        ("cover", 2019, 1, 2), ("heading", 2019, 2, 9), ("heading", 2019, 2, 22),
        ("heading", 2019, 14, 264), ("heading", 2019, 25, 592), ("scope", 2019, 5, 87)]),
    # the same layout, but its scope is 2018's (pinned in tests/cases/jiangsu-renda-2019)
    ("budgets/jiangsu-renda-2019.pdf", "budget", [
        ("cover", 2019, 1, 2), ("heading", 2019, 2, 8), ("heading", 2019, 2, 21),
        ("heading", 2019, 8, 120), ("heading", 2019, 9, 123), ("scope", 2018, 5, 70)]),
    # 上海市普陀区2025年区级部门预算 and 2025年部门预算编制说明; 截至2024年8月31日 (车辆) is not read
    ("budgets/shanghai-putuo-caizhengju-2025.pdf", "budget", [
        ("cover", 2025, 1, 1), ("heading", 2025, 7, 67)]),
    ("budgets/shanghai-putuo-wanli-2024.pdf", "budget", [
        ("cover", 2024, 1, 1), ("heading", 2024, 6, 62)]),
    # the year on a baseline of its own: “年度部门决算” over “2024”, “截至 年 月 日” over “2024 12 31”
    ("final-accounts/shanghai-putuo-caizhengju-2024.pdf", "final", [
        ("cover", 2024, 1, 2), ("heading", 2024, 2, 8), ("heading", 2024, 2, 20),
        ("heading", 2024, 6, 92), ("heading", 2024, 21, 478), ("scope", 2024, 5, 82),
        ("date", 2024, 24, 660)]),
    ("final-accounts/template-shanghai-2024.pdf", "final", [
        ("cover", 2024, 1, 2), ("heading", 2024, 2, 7), ("heading", 2024, 2, 17),
        ("heading", 2024, 5, 47), ("heading", 2024, 15, 271), ("scope", 2024, 4, 37),
        ("date", 2024, 21, 406)]),
])
def test_the_corpus_states_its_fiscal_year(name, kind, years):
    assert stated_years(CORPUS / name, kind) == years


@needs_corpus
def test_a_scope_naming_last_year_is_found_in_the_real_renda_budget():
    """江苏省人大常委会办公厅 2019 预算, p. 5: “纳入本部门2018年部门汇总预算编制范围的预算单位共计一家”,
    last year's sentence left in (检察院's 2019 budget says 2019 there)."""
    (found,) = [f for f in document_findings(extracted(RENDA)) if f.rule == "document.fiscal-year"]
    assert (found.severity.value, found.page, found.line) == ("violation", 5, 70)
    assert "编制范围" in found.message_zh and "2018" in found.message_zh and "2019" in found.message_zh
    assert "2018" in found.message_en and "2019" in found.message_en


@pytest.mark.parametrize("old, new, found", [
    ("\n2023 年度\n", "\n2022 年度\n", [("violation", 1, 4, "封面")]),
    ("\n2023 年度部门决算表\n", "\n2022 年度部门决算表\n", [("violation", 6, 118, "标题")]),
    ("\n2023 年度部门决算情况说明\n", "\n2024 年度部门决算情况说明\n", [("violation", 23, 698, "标题")]),
    ("2023 年期末，本部门共有车辆", "2022 年期末，本部门共有车辆", [("warning", 30, 943, "2022 年末")]),
    ("2023 年期末，本部门共有车辆", "截至 2022 年 12 月 31 日，本部门共有车辆",
     [("warning", 30, 943, "截至2022年12月31日")]),
    # wrapped over two lines: found where it starts
    ("2023 年期末，本部门共有车辆", "截至 2022 年 12\n\n月 31 日，本部门共有车辆",
     [("warning", 30, 943, "截至2022年12月31日")]),
    ("2023 年期末，本部门共有车辆", "截止 2023 年 12 月 31 日，本部门共有车辆", []),
    # the previous year-end as a comparison, not as the date of the statement
    ("2023 年期末，本部门共有车辆", "2023 年期末，与 2022 年末相比本部门共有车辆", []),
])
def test_another_year_on_the_cover_in_a_heading_or_a_date_is_found(tmp_path, old, new, found):
    copy = extracted(seed_copy(tmp_path, old, new))
    assert copy.metadata.year == 2023  # read from the nine tables' 部门名称 lines
    findings = [f for f in document_findings(copy) if f.rule == "document.fiscal-year"]
    assert [(f.severity.value, f.page, f.line) for f in findings] == [w[:3] for w in found]
    for finding, (*_, words) in zip(findings, found):
        assert words in finding.message_zh and "2023" in finding.message_zh
        assert "2023" in finding.message_en
