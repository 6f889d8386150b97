"""What validation returns: Findings (one frozen dataclass) collected into reports.

A Finding names its rule (a stable code with a title, a description and tags), its severity, where
it is (disclosure, table, row, column, page, line) and, for sums, the printed total (actual), the
sum of its parts (expected) and their difference. Messages are rendered from the rule's templates
at the edge (frictionless errors, Arelle's Validation). Something that could not be checked is a
NotChecked, never a finding and never a pass.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import Enum

import pandas as pd


class Severity(str, Enum):
    """sh:Violation, sh:Warning, sh:Info — ordered by how bad."""

    violation = "violation"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"violation": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def from_shacl(cls, iri: str) -> Severity:
        return cls(iri.rsplit("#", 1)[-1].lower())


class Category(str, Enum):
    table = "table"
    cross_table = "cross-table"
    code = "code"
    narrative = "narrative"
    performance = "performance"
    document = "document"
    reading = "reading"


@dataclass(frozen=True)
class Rule:
    code: str
    """Stable, namespaced: calculation.code-tree, code.name-mismatch …"""
    category: Category
    title_zh: str
    title_en: str
    description: str
    tags: tuple[str, ...] = ()


RULES: dict[str, Rule] = {r.code: r for r in (
    Rule("calculation.code-tree", Category.table, "科目层级不平", "code tree does not add up",
         "A parent code's amount differs from the sum of its printed child codes (类 = Σ款, 款 = Σ项), "
         "or the 合计 row from the sum of the 类 rows, in one column.", ("calculation", "sum")),
    Rule("calculation.row", Category.table, "栏间关系不平", "columns of a row do not add up",
         "Within one row, a total column differs from the columns it sums "
         "(本年支出合计 = 基本支出 + 项目支出 + …; 年末 = 年初 + 收入 − 支出).", ("calculation", "sum")),
    Rule("calculation.line", Category.table, "表内行间关系不平", "lines of a table do not add up",
         "A total line of a table differs from the lines it sums (本年收入合计, 总计, 收入总计 = 支出总计, "
         "人员经费合计 …).", ("calculation", "sum", "balance")),
    Rule("calculation.cross-table", Category.cross_table, "表间数据不一致", "tables disagree",
         "A number printed in one table differs from the matching number (or sum) in another table.",
         ("calculation", "cross-table")),
    Rule("calculation.part-of-whole", Category.cross_table, "部分大于整体", "part exceeds whole",
         "A part printed in one table exceeds the whole printed in another "
         "(基本支出 30217 公务接待费 ≤ “三公” 公务接待费 决算数).", ("calculation", "cross-table")),
    Rule("document.metadata", Category.document, "公开元数据不完整", "disclosure metadata incomplete",
         "The disclosure lacks its department, fiscal year, kind (预算/决算), unit or source file, "
         "or has more than one.", ("structure",)),
    Rule("observation.well-formed", Category.document, "观测值结构不完整", "observation is malformed",
         "An observation lacks its amount, table, column, measure, unit, disclosure or source "
         "location, or has more than one.", ("structure",)),
    Rule("amount.negative", Category.table, "负数金额", "negative amount",
         "A negative amount; final-accounts columns are normally not negative.", ("amount",)),
    Rule("code.format", Category.code, "科目代码格式错误", "malformed code",
         "A classification code that is not 3, 5 or 7 digits.", ("code",)),
    Rule("code.parent-not-printed", Category.code, "上级科目未列示", "parent code not printed",
         "A 款 or 项 is printed without its parent code in the same table, so no sum covers it.",
         ("code", "structure")),
    Rule("code.not-in-reference-list", Category.code, "科目不在参考科目表中", "codes not in reference list",
         "Codes a table prints that the shipped (partial) reference list lacks, one finding per "
         "table; recorded, not an error.",
         ("code", "reference")),
    Rule("code.name-mismatch", Category.code, "科目名称与参考科目表不同", "code name differs",
         "A code's printed name differs from its name in the reference list of that year.",
         ("code", "reference")),
    Rule("code.name-elsewhere", Category.code, "科目名称与其他公开不同", "code name differs elsewhere",
         "A code the reference list lacks is printed with another name by other disclosures in the "
         "same store (same classification and year). Checked only for disclosures validated with "
         "a store (validate --store, ingest).", ("code", "reference")),
    # Narrative claims, performance evaluations and the document (shapes/narrative.ttl).
    Rule("narrative.amount", Category.narrative, "文字说明金额与表格不符", "narrative amount differs",
         "An amount the 情况说明 states differs from the table cell it restates.", ("narrative",)),
    Rule("narrative.share", Category.narrative, "占比与金额不符", "share does not match",
         "A stated share (占 x%) differs from part ÷ whole at the printed precision.", ("narrative",)),
    Rule("narrative.change-rate", Category.narrative, "增减额与增减率不符", "change and rate disagree",
         "A stated change against the previous year and its rate disagree (rate = change ÷ prior, "
         "prior = current ∓ change), or their directions differ.", ("narrative",)),
    Rule("narrative.completion", Category.narrative, "完成率与金额不符", "completion rate does not match",
         "A stated completion of budget (完成年初预算的 x%) differs from achieved ÷ budget.", ("narrative",)),
    Rule("narrative.completion-zero-base", Category.narrative, "预算为零却称完成率",
         "completion rate of a zero budget",
         "A completion rate is stated for a budget of 0 with a non-zero amount spent: there is no "
         "such rate.", ("narrative",)),
    Rule("narrative.score", Category.narrative, "所述自评得分或等级与自评表不符",
         "stated score or grade differs", "The self-evaluation score or grade the 情况说明 states "
         "differs from the evaluation table's 总分 or its grade.", ("narrative", "performance")),
    Rule("performance.execution-rate", Category.performance, "执行率计算不符", "execution rate is wrong",
         "执行率 differs from 全年执行数 ÷ 全年预算数 at the printed precision.", ("performance",)),
    Rule("performance.budget-score", Category.performance, "预算执行得分计算不符", "budget score is wrong",
         "The budget-execution 得分 differs from 分值 × min(执行率, 1).", ("performance",)),
    Rule("performance.total-score", Category.performance, "总分不等于各项得分之和",
         "total score does not add up", "总分 differs from the sum of the 得分 of all scored parts.",
         ("performance", "sum")),
    Rule("performance.grade", Category.performance, "自评等级与总分不符", "grade does not follow score",
         "A printed grade does not follow 总分 under 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60.",
         ("performance",)),
    Rule("performance.indicator-deviation", Category.performance, "指标偏差度与指标值不符",
         "indicator deviation is wrong", "An indicator's 偏差度 differs from what its 年度指标值 and "
         "实际完成值 give: 0 when the target (≥, ≤ or =) is met, else (实际 − 目标) ÷ 目标.",
         ("performance",)),
    Rule("performance.graded-count", Category.performance, "所述自评项目数与自评表不符",
         "stated project count differs", "A count the 情况说明 states (项目 N 个, N 个项目自评为优) "
         "differs from the project self-evaluation tables.", ("performance", "narrative")),
    Rule("narrative.itemised", Category.narrative, "分项之和与所述总额不符", "items do not add up",
         "The amounts a sentence itemises (其中：…) exceed the total it states (a violation) or "
         "fall short of it (a warning: the items may not be complete).", ("narrative", "sum")),
    Rule("document.restated-amount", Category.document, "同一事项两次所述金额不同",
         "an amount stated twice differs", "The same quantity is stated twice in one section of "
         "the 情况说明 with different amounts.", ("document", "narrative")),
    Rule("document.year", Category.document, "文字说明年度与公开年度不符", "another fiscal year",
         "A sentence of the 情况说明 names a fiscal year (20XX 年度) other than the disclosure's.",
         ("document",)),
    Rule("document.table-year", Category.document, "表题年度与公开年度不符", "table title year",
         "A printed table title names a year (2024年部门收入预算总表) other than the disclosure's "
         "fiscal year.", ("document", "structure")),
    Rule("document.fiscal-year", Category.document, "所写本公开年度不符", "stated fiscal year differs",
         "The cover's title, a part heading (2023 年度部门决算表) or the sentence naming the "
         "disclosure's scope (纳入…2019年部门汇总预算编制范围) names another fiscal year than the "
         "disclosure's (a violation); or a 决算's 情况说明 states a year-end (截至20XX年12月31日, "
         "20XX 年期末) of another year (a warning: it may compare on purpose).", ("document",)),
    Rule("document.missing-table", Category.document, "缺少应公开的标准表", "required table missing",
         "A standard table every disclosure of its kind prints (公开01–09表 of a 决算), or that the "
         "document's own 目录 lists, is not in the document at all (a table printed empty is "
         "printed).", ("document", "structure")),
    Rule("narrative.count-vs-spending", Category.narrative, "所述次数与“三公”支出不符",
         "counts disagree with the “三公” spending", "The “三公” section counts no trip, car or "
         "reception where the “三公” table prints spending on it, or counts some where it prints "
         "none (a warning: another fund may have paid).", ("narrative", "count")),
    Rule("document.department-name", Category.document, "部门名称前后不一",
         "the department's name differs", "The cover, a part heading or a table's 部门名称 line "
         "names another department than the disclosure's (a trailing 本级 or （部门）, or the region "
         "prefix left out or added, is the same name).", ("document",)),
    Rule("document.relation-word", Category.document, "大小关系用词与数字不符",
         "relation word disagrees with the numbers", "The prose says a 决算 amount is less than, "
         "greater than or equal to (持平) the budget it has just stated, and the two amounts say "
         "otherwise.", ("document", "narrative")),
    # What could not be read, or was read from a weak place (shapes/reading.ttl).
    Rule("reading.table-not-read", Category.reading, "表格未能读取", "table not read",
         "A printed table could not be read without guessing (an unknown column header, a row "
         "whose label cannot be placed, a table printed twice with other numbers): its numbers "
         "are not loaded and its sums are not checked; the other tables are.", ("reading",)),
    Rule("reading.note", Category.reading, "读取说明", "reading note",
         "What of the document was not read: pages without a text layer, tables published apart "
         "(附后), a blank form that names no department.", ("reading",)),
    Rule("reading.metadata-source", Category.reading, "元数据非取自文件内容",
         "metadata not printed in the document", "The department, fiscal year or kind was taken "
         "from the file name, or given on the command line, because the document does not print it.",
         ("reading",)),
    Rule("document.placeholder", Category.document, "模板占位符未替换", "template placeholder",
         "A sentence still holds a template placeholder (XX, ××, 待填写, a three-digit year).",
         ("document",)),
)}

CALCULATION_RULES = {code for code in RULES if code.startswith("calculation.")}


def _text(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


@dataclass(frozen=True)
class Finding:
    """One thing a validation rule says about one place of a disclosure."""

    rule: str
    """Code of the Rule (RULES)."""
    severity: Severity
    disclosure: str
    """IRI of the disclosure (its named graph)."""
    table: str = ""
    """Canonical table name (支出决算表)."""
    code: str = ""
    """Classification code of the row, if any."""
    item: str = ""
    """Printed row label."""
    measure: str = ""
    """Canonical column label (本年支出合计)."""
    column: str = ""
    """Catalogue key of the column (c1, L1, R2)."""
    row: int | None = None
    """Printed 行次, if any."""
    page: int | None = None
    line: int | None = None
    """Line in the source file."""
    expected: Decimal | None = None
    """What the cell should print: the sum of the parts; for a claim or a score, what the table
    or the arithmetic gives (the amount printed, part ÷ whole, 分值 × 执行率, the count)."""
    actual: Decimal | None = None
    """What it prints (the cell, the prose's statement, the printed score)."""
    envelope: Decimal | None = None
    """Rounding tolerance: 0.005 × (n + 1) for sums; the propagated one for shares and rates."""
    detail: str = ""
    """What the rule checked, in words (the calculation's label, or the shape's message)."""
    detail_en: str = ""
    focus: str = ""
    """IRI of the observation (or calculation instance) the finding is about."""
    calculation: str = ""
    """IRI of the calculation instance, for sums."""

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def rule_info(self) -> Rule:
        return RULES[self.rule]

    @property
    def category(self) -> str:
        return self.rule_info.category.value

    def _where(self) -> str:
        parts = [self.table, " ".join(p for p in (self.code, self.item) if p), self.measure]
        return " / ".join(p for p in parts if p)

    def _tolerance(self, zh: bool) -> str:
        if self.envelope is None:
            return ""
        return f"（四舍五入容差 ±{self.envelope}）" if zh else f" (rounding envelope ±{self.envelope})"

    @property
    def message_zh(self) -> str:
        where = self._where()
        if self.expected is None:
            return f"{where}：{self.detail or self.rule_info.title_zh}"
        if not self.calculation:  # a shape's message already names both numbers
            return f"{where}：{self.detail}；差额 {_text(self.difference)}{self._tolerance(True)}"
        kind = "尾差" if self.severity is Severity.info else self.rule_info.title_zh
        return (f"{where}：{kind}。{self.detail}：印 {_text(self.actual)}，应为 {_text(self.expected)}，"
                f"差额 {_text(self.difference)}（四舍五入容差 ±{self.envelope}）")

    @property
    def message_en(self) -> str:
        where = self._where()
        if self.expected is None:
            return f"{where}: {self.detail_en or self.rule_info.title_en}"
        if not self.calculation:
            return (f"{where}: {self.detail_en}; difference {_text(self.difference)}"
                    f"{self._tolerance(False)}")
        kind = "rounding difference" if self.severity is Severity.info else self.rule_info.title_en
        return (f"{where}: {kind}. {self.detail_en}: printed {_text(self.actual)}, expected "
                f"{_text(self.expected)}, difference {_text(self.difference)} (rounding envelope "
                f"±{self.envelope})")

    def as_record(self) -> dict:
        """The finding as the JSON of `govkg validate --format json` (amounts as strings)."""
        return {"rule": self.rule, "category": self.category, "severity": self.severity.value,
                "table": self.table, "code": self.code, "item": self.item, "measure": self.measure,
                "column": self.column, "row": self.row, "page": self.page, "line": self.line,
                "expected": _text(self.expected), "actual": _text(self.actual),
                "difference": _text(self.difference), "message_zh": self.message_zh,
                "message_en": self.message_en}


@dataclass(frozen=True)
class NotChecked:
    """A calculation instance that could not be checked: some cell it needs is not printed."""

    calculation: str
    """IRI of the instance."""
    rule: str
    title: str
    """The calculation's label (zh)."""
    missing: tuple[str, ...]
    """Each missing cell as table / row / column: reason."""


@dataclass
class DocumentReport:
    """All findings of one disclosure."""

    disclosure: str
    source: str = ""
    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    """Calculation instances whose cells are all printed (checked: passed or found)."""
    not_checked: list[NotChecked] = field(default_factory=list)
    error: str = ""
    """Why the document could not be validated at all (unreadable input)."""
    facts: int = 0
    """How many numbers its tables gave."""

    @property
    def tables_not_read(self) -> list[Finding]:
        """One reading.table-not-read finding per table that could not be read."""
        return [f for f in self.findings if f.rule == "reading.table-not-read"]

    @property
    def status(self) -> str:
        """read | partly read | refused: what a survey of a folder says of the document."""
        return "refused" if self.error else "partly read" if self.tables_not_read else "read"

    @property
    def conforms(self) -> bool:
        return not self.error and not any(f.severity is Severity.violation for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s.value: sum(f.severity is s for f in self.findings) for s in Severity}

    def at_least(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= severity.rank]

    def to_frame(self) -> pd.DataFrame:
        columns = ["disclosure", "source", *Finding.__dataclass_fields__, "category", "difference",
                   "message_zh", "message_en"]
        rows = [{"source": self.source, **asdict(f), "severity": f.severity.value,
                 "category": f.category, "difference": f.difference,
                 "message_zh": f.message_zh, "message_en": f.message_en} for f in self.findings]
        return pd.DataFrame(rows, columns=columns)

    def as_record(self) -> dict:
        return {"source": self.source, "disclosure": self.disclosure, "conforms": self.conforms,
                "status": self.status, "facts": self.facts,
                "checked": self.checked, "not_checked": len(self.not_checked),
                **({"error": self.error} if self.error else {}),
                "tables_not_read": [{"table": f.table, "page": f.page, "reason": f.detail}
                                    for f in self.tables_not_read],
                "findings": [f.as_record() for f in self.findings],
                "not_checked_items": [{"rule": n.rule, "calculation": n.title,
                                       "missing": list(n.missing)} for n in self.not_checked]}


@dataclass
class Report:
    """Findings of several documents (frictionless Report)."""

    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return all(d.conforms for d in self.documents)

    def counts(self) -> dict[str, int]:
        totals = {s.value: 0 for s in Severity}
        for document in self.documents:
            for key, value in document.counts().items():
                totals[key] += value
        return totals

    def to_frame(self) -> pd.DataFrame:
        frames = [d.to_frame() for d in self.documents]
        frames = [f for f in frames if not f.empty]
        return pd.concat(frames, ignore_index=True) if frames else DocumentReport("").to_frame()

    def as_record(self) -> dict:
        return {"documents": [d.as_record() for d in self.documents]}
