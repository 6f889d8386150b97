"""Checks of the document as a whole (category `document`) on the real documents of the corpus
and on deliberately altered copies of them."""

from __future__ import annotations

import dataclasses
from collections import Counter
from decimal import Decimal

import pytest

from conftest import ROOT, seed_copy

CORPUS = ROOT.parent / "shared" / "corpus"
JIANCHAYUAN = CORPUS / "budgets" / "jiangsu-jianchayuan-2019.pdf"
RENDA = CORPUS / "budgets" / "jiangsu-renda-2019.pdf"
needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not beside the checkout")


def extracted(path):
    from kg.extract import extract
    from kg.readers import read

    return extract(read(path))


def document_findings(disclosure) -> list:
    from kg.build import build
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
    assert document_findings(disclosure) == []


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
        assert (finding.expected, finding.actual, finding.line) == (Decimal("0.00"), Decimal("36.32"), 922)  # the 决算 stated


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
    copy = extracted(seed_copy(tmp_path, "支出决算为\n\n0.00 万元，完成全年预算的 0.00%。决算数与全年预算数无差异。\n\n全年因公",
                               "支出决算为\n\n1.00 万元，完成全年预算的 0.00%。决算数与全年预算数无差异。\n\n全年因公"))
    (found,) = [f for f in document_findings(copy) if f.rule == "document.relation-word"]
    assert (found.expected, found.actual) == (Decimal("0.00"), Decimal("1.00"))
    assert "等于" in found.message_zh


# ---------------------------------------------------------------- counts

def test_itemised_counts_of_the_corpus_add_up():
    """车辆 N 辆，其中 …: the seed 0 = 8 × 0; Jiangsu 检察院 55 = 13 + 40 + 2 (the items in the
    next sentence, 其中，…); Shanghai 2024 项目 4 = 4 优 + 0 + 0 + 0 and 车辆 0 = 8 × 0."""
    from kg.build import build
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
    from kg.build import build
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
    from kg.build import build
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

@needs_corpus
def test_the_corpus_names_its_department_alike_everywhere():
    """Cover, headings, tables. 万里街道 prints “…办事处（部门）主要职能”: the same name."""
    for path in [ROOT / "data" / "samples" / "luoyang-xigong-shequban-2023.txt",
                 *sorted(CORPUS.glob("*/*.pdf"))]:
        disclosure = extracted(path)
        assert {n.role for n in disclosure.names} >= {"cover"}, path
        assert not [f for f in document_findings(disclosure) if f.rule == "document.department-name"]
    wanli = extracted(CORPUS / "budgets" / "shanghai-putuo-wanli-2024.pdf")
    assert "上海市普陀区人民政府万里街道办事处（部门）" in {n.name for n in wanli.names}


COVER = "洛阳市西工区社区治理和服务创新办公室部门\n"


@pytest.mark.parametrize("cover, fires", [
    ("洛阳市西工区社区治理办公室部门\n", True),                 # another name
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
        assert "封面" in found[0].message_zh and "洛阳市西工区社区治理办公室" in found[0].message_zh


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
