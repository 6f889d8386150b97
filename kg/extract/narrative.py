"""Narrative claims: the numeric statements of a disclosure's prose (情况说明, 绩效情况说明; a
Shanghai budget's 编制说明 and the 其他相关情况说明 and 项目经费情况说明 after its tables).

Each number the prose states with a unit becomes one claim record: the sentence quoted, where it
starts (page, line), the quantity it is about, its value (Decimal), unit and kind:

- ``amount``     "收入合计 26256.35 万元", "自评得分 90 分"
- ``share``      "占 39.24%", "占支出合计的 39.24%" (part ÷ whole)
- ``change``     "减少 28.90 万元" (against the previous year)
- ``rate``       "下降 0.10%" (the change ÷ the previous year's value)
- ``completion`` "完成年初预算的 97.15%", "预算执行率 100.00%"
- ``count``      "项目 9 个", "车辆 0 辆", "0 人次"

Claims are related to each other by key (a share to its part and whole, a change to the current
amount, a rate to its change, a completion to what was achieved and its base), so the checks can
be written over the claims alone. Lines of a paragraph are joined without a separator: the text
wraps anywhere, inside numbers too ("2\\n6256.35", "0.0\\n0 万元"). Only a number followed by a
unit is a claim, so a year ("2023 年度") or a list marker ("1.") never is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from kg.readers.document import Document, Line

# One row per stated number. Declared once; the builder relies on these names.
CLAIM_COLUMNS = [
    "claim_key",    # stable key within the disclosure: l{line}-{n}
    "section",      # the heading the claim is printed under (二、收入决算情况说明)
    "sentence",     # the sentence quoted, wrapped lines joined
    "page",         # 1-based page where the number starts
    "line",         # 1-based line in the source file where the number starts
    "subject",      # the words the number is stated for, as printed (收入合计, 年初预算数)
    "quantity",     # what the number is about, without budget/actual words; the topic for generic words
    "kind",         # amount | share | change | rate | completion | count
    "value",        # decimal.Decimal as printed
    "unit",         # 万元, %, 分, 个, 辆, 人次, 台
    "basis",        # actual | initial-budget | adjusted-budget | previous-year (amounts); ''
                    # otherwise
    "direction",    # increase | decrease (change, rate); '' otherwise
    "denominator",  # the whole a share names (支出合计), '' when it names none
    "relates",      # claim_key of the claim this one is about (part, current amount, change, achieved)
    "against",      # claim_key of the whole (share), the base (completion), the budget an
                    # amount is compared with (relation) or the previous year's amount a rate
                    # is of when the prose states no change (rate), '' if none
    "grade",        # grade stated with a score (优/良/中/差), ''
    "relation",     # what the prose says of this 决算 amount against its budget: less | greater |
                    # equal | about-equal | differ (决算数小于预算数, 基本持平, 存在差异), ''
]

# Thousands separators too (24,169.74 万元): read after the comma, that was 169.74.
NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
                    r"(万元|%|％|个|辆|人次|台|分)")
THRESHOLD = re.compile(r"^\s*[（(]?含[）)]?\s*以上|^\s*及?以[上下]")  # 100 万元以上, 3000.00万元及以下
PAGE_MARK = re.compile(r"[─—－-]\s*\d{1,3}\s*[─—－-]")  # a page footer glued to a line (─ 9 ─)
PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")  # a bare page number ending its page (25)
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
CLAUSE_BREAK = "，,；;：:"
UP, DOWN = ("增加", "增长", "上升", "提高", "增幅"), ("减少", "下降", "降低", "降幅")
# Words that name no item: the amount is the topic's. A Shanghai budget's item reads "“…（项）”
# 25.77万元 … 2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%".
GENERIC = re.compile(r"^(?:年初预算数?|全年预算数?|支出决算数?|决算数?|预算数|预算安排|"
                     r"(?:上年|当年)(?:预算)?执行数)$")
PREVIOUS_YEAR = re.compile(r"^(?:上年|当年)(?:预算)?执行数$")
NOT_A_TOPIC = re.compile(r"^(?:与上年|主要|其中|具体|决算数与|较上年|根据|实际|如下|好的方面|存在问题|下步)")
LIST_MARKER = re.compile(r"^\s*(?:\d+\s*[.．、]|[（(]\d+[）)])\s*")
YEAR_PREFIX = re.compile(r"^\d{4}\s*年(?:度|期末|末)?[，,]?\s*")
START = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?(?:\d{4}年度?)?部门(?:决算|预算)(?:情况|编制)说明$")
# The prose parts a Shanghai budget prints after its tables; like START, each names the section
# of what follows it.
PART = re.compile(r"^(?:其他相关|项目经费)情况说明$")
FIRST_SECTION = re.compile(r"^一、(?:部门)?收入支出(?:预算|决算)?总体情况(?:说明)?$")
# 决算数小于预算数 / 决算数与预算数基本持平: a word that relates the 决算 to the budget just stated.
# "大于（小于）" is the template's either-or, not a statement.
RELATION = re.compile(r"决算数?(?:(?P<word>小于|大于|等于|低于|高于|超过|少于|多于)(?!（)(?:年初|全年)?预算|"
                      r"与(?:年初|全年)?预算数?(?:(?P<about>基本)?(?:持平|相等|一致|无差异)|"
                      r"(?P<differ>存在差异|有差异|有所差异)))")
RELATION_WORDS = {"小于": "less", "低于": "less", "少于": "less", "大于": "greater", "高于": "greater",
                  "超过": "greater", "多于": "greater", "等于": "equal"}
END = re.compile(r"(?:绩效自评表|自评表|名词解释|^第[一二三四五六七八九十]+部分$)")


@dataclass
class _Text:
    """A paragraph joined from wrapped lines, each character remembering its line."""

    text: str
    lines: list[Line]

    def line_at(self, offset: int) -> Line:
        return self.lines[min(offset, len(self.lines) - 1)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# A letter-spaced line (财 政 业 务 费 10.00 万 元): the PDF places each character apart. Chinese prose
# has no spaces between its characters, so a space between two of them (or their full-width
# punctuation) is layout, not text; between a character and a number it stays.
CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20]"
LETTER_SPACE = re.compile(rf"(?<={CJK}) (?={CJK})")


def unspaced(text: str) -> str:
    return LETTER_SPACE.sub("", text)


def narrative_lines(document: Document) -> list[Line]:
    """The lines of the 情况说明 (or 编制说明) part: from its heading (the last one, past the 目录)
    to the performance tables or the glossary, without the pages that draw a table (a Shanghai
    budget prints its tables after the 编制说明, then more prose). Empty when the document prints
    no such part."""
    tables = {page.number for page in document.pages if page.grids}
    lines = [line for line in document.lines() if line.page not in tables]
    starts = [i for i, line in enumerate(lines) if START.match(squash(line.text))]
    # A heading printed with the department's name or over two lines: the first section instead.
    starts = starts or [i for i, line in enumerate(lines) if FIRST_SECTION.match(squash(line.text))]
    if not starts:
        return []
    start = starts[-1]  # the last one: the 目录 lists the same headings
    for end in range(start, len(lines)):
        if END.search(squash(lines[end].text)):
            return lines[start:end]
    return lines[start:]


NUMBERS_ONLY = re.compile(r"^(?:\d+(?:\.\d+)?%?|[“”])(?:\s+(?:\d+(?:\.\d+)?%?|[“”]))*$")
STARTS_WITH_UNIT = re.compile(r"^(?:万元|元|%|个|辆|人次|年|月|日|[。，；、）：])")


def rejoin_baselines(lines: list[Line]) -> list[Line]:
    """Put back numbers a PDF prints on their own baseline.

    Some PDFs set the digits (and the quotes of “三公”) in another font a few points lower, so the
    text layer gives "…总计 万元。与 年度相比" and, on the next line, "2995.39 2023": each gap
    (a space) takes the next number in order; one number more than gaps goes before a line that
    starts with its unit or punctuation (or an opening quote), else after the line. Lines whose
    counts do not fit that are left as they are. Only for layouts with positions (PDF)."""
    merged: list[Line] = []
    skip = False
    for line, following in zip(lines, [*lines[1:], None]):
        if skip:
            skip = False
            continue
        if (following is None or line.top is None or following.top is None
                or not 0 < following.top - line.top < 12 or not NUMBERS_ONLY.match(following.text.strip())
                or NUMBERS_ONLY.match(line.text.strip())):
            merged.append(line)
            continue
        tokens = following.text.split()
        parts = line.text.strip().split(" ")
        gaps = len(parts) - 1
        if len(tokens) == gaps + 1:
            if STARTS_WITH_UNIT.match(parts[0]) or tokens[0] == "“" or parts[0].startswith("、"):
                parts[0] = tokens.pop(0) + parts[0]
            else:
                parts[-1] += tokens.pop()
        if len(tokens) != gaps:
            # A stray space too: fill only the gaps a unit follows (年初预算为 万元).
            unit_gaps = [i for i, part in enumerate(parts[1:]) if re.match(r"万元|%|个|年", part)]
            if len(unit_gaps) != len(tokens):
                merged.append(line)
                continue
            fill = dict(zip(unit_gaps, tokens))
            tokens = [fill.get(i, " ") for i in range(gaps)]
        text = parts[0] + "".join(token + part for token, part in zip(tokens, parts[1:]))
        merged.append(Line(text, line.number, line.page, line.top))
        skip = True
    return merged


def paragraphs(lines: list[Line]) -> list[tuple[str, _Text]]:
    """(section heading, paragraph) in reading order; headings end a paragraph."""
    lines = rejoin_baselines(lines)
    found: list[tuple[str, _Text]] = []
    section, text, owners = "", "", []

    def flush() -> None:
        nonlocal text, owners
        if text.strip():
            found.append((section, _Text(text, owners)))
        text, owners = "", []

    for line, following in zip(lines, [*lines[1:], None]):
        if PAGE_NUMBER.match(line.text) and (following is None or following.page != line.page):
            continue  # else "26" is read into 单位预留机动经费 of the next page
        body = unspaced(PAGE_MARK.sub("", line.text).strip())
        if PART.match(squash(body)) or START.match(squash(body)):
            flush()
            section = squash(body)
            continue
        if HEADING.match(body) and len(body) < 40 and not NUMBER.search(body):
            flush()
            if not body.startswith("（"):
                section = body
            continue
        text += body
        owners += [line] * len(body)
    flush()
    return found


def sentences(paragraph: _Text) -> list[tuple[int, str]]:
    """(offset, sentence) split after 。 (the 。 kept)."""
    found, start = [], 0
    for match in re.finditer(r"。+", paragraph.text):
        found.append((start, paragraph.text[start:match.end()]))
        start = match.end()
    if paragraph.text[start:].strip():
        found.append((start, paragraph.text[start:]))
    return found


# 、 separates clauses only after a stated number (…货物支出 0.00 万元、政府采购工程支出 0.00 万元);
# elsewhere it joins words (收、支总计).
ENUMERATION = re.compile(r"(?:(?<=万元)|(?<=人次)|(?<=[辆个台%]))\s*、")


def clause_start(sentence: str, position: int) -> int:
    starts = [sentence.rfind(c, 0, position) for c in CLAUSE_BREAK]
    starts += [m.end() - 1 for m in ENUMERATION.finditer(sentence, 0, position)]
    return max(starts) + 1


def clause_end(sentence: str, position: int) -> int:
    ends = [e for e in (sentence.find(c, position) for c in CLAUSE_BREAK + "。") if e >= 0]
    return min(ends, default=len(sentence))


def basis_of(subject: str) -> str:
    if PREVIOUS_YEAR.match(subject):
        return "previous-year"
    if "年初预算" in subject:
        return "initial-budget"
    if "全年预算" in subject or re.search(r"(?<!决算)预算数?$", subject):
        return "adjusted-budget"
    return "actual"


def quantity_of(subject: str) -> str:
    """The subject without the words that say budget or actual: 一般公共预算财政拨款支出年初预算 →
    一般公共预算财政拨款支出."""
    text = re.sub(r"(?:年初预算|全年预算)(?:数|合计)?$", "", subject)
    text = re.sub(r"(?:支出)?决算数?$", "", text)
    text = re.sub(r"(?:各|共)$", "", text)
    return text.strip() or subject


def subject_of(prefix: str) -> str:
    text = LIST_MARKER.sub("", prefix)
    # A heading set letter-spaced (江 苏 省 人 民 检 察 院 2019 年 度 收 入 …) names the same words;
    # unspaced() took the spaces between characters, this also those after a number (2019 年).
    text = re.sub(r"(?<=[\u4e00-\u9fff、\d])\s+(?=[\u4e00-\u9fff、])", "", text)
    text = YEAR_PREFIX.sub("", text.strip())
    # 上海市普陀区财政局 2024 年度收入支出总计: the department's name and the year go too.
    text = re.sub(r"^.*?\d{4}\s*年(?:度|期末|末)?[，,]?\s*", "", text)
    text = re.sub(r"^(?:其中|本部门共有|本部门|单位|共有|累计)", "", text)
    text = re.sub(r"(?:均为|总额为|为|是|共计|合计为|达到|约)$", "", text)
    # “一般公共服务支出（类）财政事务（款）行政运行（项）”1,623.18万元: the item is quoted whole
    text = re.sub(r"^“([^“”]+)”$", r"\1", text.strip())
    return text.strip()


def direction_at_end(prefix: str) -> str:
    # 增加（减少） 0 万元: the sign of the number says which; unsigned numbers are increases.
    prefix = re.sub(r"（(?:减少|下降|降低)）$", "", prefix.rstrip())
    prefix = re.sub(r"了$", "", prefix)  # 减少了 1237.7 万元
    for word in UP:
        if prefix.rstrip().endswith(word):
            return "increase"
    for word in DOWN:
        if prefix.rstrip().endswith(word):
            return "decrease"
    return ""


def topic_of(text: str, complete: bool) -> str:
    """The item that clauses stating no number name, for the numbers after them: a list item
    (1．因公出国（境）费，全年预算为 …) or a code chain (…（类）…（款）…（项）。). '' when none."""
    clauses = re.split(f"[{CLAUSE_BREAK}。]", text)
    if not complete:
        clauses = clauses[:-1]  # the last one holds the next number's own words
    found = ""
    for clause in clauses:
        listed = LIST_MARKER.match(clause)
        clause = LIST_MARKER.sub("", clause).strip()
        if clause and (listed or re.search(r"（[类款项]）", clause)) and not NOT_A_TOPIC.match(clause):
            found = clause
    return found


def read_claims(lines: list[Line]) -> pd.DataFrame:
    """Every numeric statement of the 情况说明 (its lines: ``narrative_lines``) as one row of
    CLAIM_COLUMNS."""
    rows: list[dict] = []
    per_line: dict[int, int] = {}
    for section, paragraph in paragraphs(lines):
        topic = ""
        paragraph_claims: list[dict] = []
        for offset, sentence in sentences(paragraph):
            sentence_claims: list[dict] = []
            starts: dict[str, int] = {}
            position = 0
            for match in NUMBER.finditer(sentence):
                topic = topic_of(sentence[position:match.start()], complete=False) or topic
                previous_end, position = position, match.end()
                if THRESHOLD.match(sentence[match.end():]):
                    continue
                value, unit = Decimal(match.group(1).replace(",", "")), match.group(2).replace("％", "%")
                # A stated number ends the words of the one before it.
                start = max(clause_start(sentence, match.start()), previous_end)
                prefix = sentence[start:match.start()].strip()
                line = paragraph.line_at(offset + match.start())
                per_line[line.number] = per_line.get(line.number, 0) + 1
                claim = dict(claim_key=f"l{line.number}-{per_line[line.number]}", section=section,
                             sentence=sentence.strip(), page=line.page, line=line.number,
                             subject="", quantity="", kind="", value=value, unit=unit, basis="",
                             direction="", denominator="", relates="", against="", grade="",
                             relation="")
                suffix = sentence[match.end():clause_end(sentence, match.end())]
                classify(claim, prefix, NUMBER.split(suffix)[0], topic, sentence_claims,
                         paragraph_claims, sentence)
                if claim["kind"] == "amount" and claim["subject"] and not GENERIC.match(claim["subject"]):
                    topic = claim["quantity"]
                if claim["unit"] == "分" and (grade := re.search(r"等级为([优良中差])", sentence)):
                    claim["grade"] = grade.group(1)
                sentence_claims.append(claim)
                paragraph_claims.append(claim)
                rows.append(claim)
                starts[claim["claim_key"]] = match.start()
            itemise_counts(sentence, sentence_claims, paragraph_claims, starts)
            topic = topic_of(sentence[position:], complete=True) or topic
            if relation := RELATION.search(sentence):
                relate_to_budget(relation, paragraph_claims)
    resolve_denominators(rows)
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    return frame.astype({"page": "int64", "line": "int64"}) if not frame.empty else frame


def classify(claim: dict, prefix: str, suffix: str, topic: str, sentence_claims: list[dict],
             paragraph_claims: list[dict], sentence: str) -> None:
    unit = claim["unit"]

    def last(kind: str, within: list[dict], basis: str | None = None,
             quantity: str | None = None) -> str:
        for other in reversed(within):
            if (other["kind"] == kind and (basis is None or other["basis"] == basis)
                    and (quantity is None or other["quantity"] == quantity)):
                return other["claim_key"]
        return ""

    if unit == "%":
        if "占" in prefix:
            claim["kind"] = "share"
            named = re.search(r"占(.+?)的?$", prefix)
            claim["denominator"] = subject_of(named.group(1)).rstrip("的") if named else ""
            claim["relates"] = last("amount", sentence_claims)
            claim["subject"] = claim["quantity"] = next(
                (c["quantity"] for c in sentence_claims if c["claim_key"] == claim["relates"]), "")
            if not claim["denominator"] and re.search(r"其中|主要用于", sentence):
                # The whole is the total the sentence itemises (…合计 X 万元，其中：…): its first amount.
                first = next((c for c in sentence_claims if c["kind"] == "amount"), None)
                if first is not None and first["claim_key"] != claim["relates"]:
                    claim["against"] = first["claim_key"]
        elif direction := direction_at_end(prefix):
            claim["kind"], claim["direction"] = "rate", direction
            claim["relates"] = last("change", sentence_claims)
            current = next((c["claim_key"] for c in reversed(sentence_claims)
                            if c["kind"] == "amount" and c["basis"] != "previous-year"), "")
            base = last("amount", sentence_claims, "previous-year")
            if not claim["relates"] and current and base:
                # no change stated: the rate compares the amount before it with last year's
                claim["relates"], claim["against"] = current, base
            claim["subject"] = prefix
            claim["quantity"] = next((c["quantity"] for c in sentence_claims
                                      if c["claim_key"] == claim["relates"]), topic)
        elif ("完成" in prefix and "预算" in prefix) or "执行率" in prefix:
            claim["kind"] = "completion"
            claim["subject"] = prefix
            claim["relates"] = last("amount", paragraph_claims, "actual")
            achieved = next((c for c in paragraph_claims if c["claim_key"] == claim["relates"]), None)
            claim["quantity"] = achieved["quantity"] if achieved else topic
            if "年初" in prefix:
                claim["basis"] = "initial-budget"
            elif "全年" in prefix or "执行率" in prefix:
                claim["basis"] = "adjusted-budget"
            else:  # 完成预算的: whichever budget the paragraph states for the same quantity
                claim["basis"] = next(
                    (c["basis"] for c in reversed(paragraph_claims) if c["kind"] == "amount"
                     and c["basis"] != "actual" and c["quantity"] == claim["quantity"]),
                    "adjusted-budget")
            claim["against"] = last("amount", paragraph_claims, claim["basis"], claim["quantity"])
        else:
            claim["kind"], claim["subject"], claim["quantity"] = "rate", prefix, topic
        return
    if unit in ("万元", "分"):
        if direction := direction_at_end(prefix):
            claim["kind"], claim["direction"] = "change", direction
            claim["subject"] = subject_of(prefix)
            # The amount it changes: the last one stated (a budget's prose states budget
            # amounts only: 基本支出预算数为 9312.9 万元。与上年相比增加 …).
            claim["relates"] = last("amount", paragraph_claims)
            claim["quantity"] = next((c["quantity"] for c in paragraph_claims
                                      if c["claim_key"] == claim["relates"]), topic)
            return
        claim["kind"] = "amount"
        subject = subject_of(prefix)
        claim["subject"] = subject
        claim["basis"] = basis_of(subject) if unit == "万元" else "actual"
        if not subject or GENERIC.match(subject):
            claim["quantity"] = topic
        else:
            claim["quantity"] = quantity_of(subject)
        return
    claim["kind"] = "count"
    subject = subject_of(prefix)
    claim["subject"] = subject or suffix.strip() or prefix
    claim["quantity"] = claim["subject"]


def itemise_counts(sentence: str, sentence_claims: list[dict], paragraph_claims: list[dict],
                   starts: dict[str, int]) -> None:
    """车辆 55 辆，其中一般公务用车 13 辆，执法执勤用车 40 辆…: the counts after 其中 in the unit of
    the count before it (in the sentence, or the sentence before: 共有车辆55辆。其中，…) are its
    items (against = the total's key)."""
    split = sentence.find("其中")
    counts = [c for c in sentence_claims if c["kind"] == "count"]
    totals = [c for c in counts if starts[c["claim_key"]] < split]
    if 0 <= split <= 2 and not totals:
        totals = [c for c in paragraph_claims if c["kind"] == "count" and c not in sentence_claims]
    if split < 0 or not totals:
        return
    total = totals[-1]
    for claim in counts:
        if starts[claim["claim_key"]] > split and claim["unit"] == total["unit"]:
            claim["against"] = total["claim_key"]


def relate_to_budget(relation: re.Match, paragraph_claims: list[dict]) -> None:
    """Mark the last 决算 amount of the paragraph that has a budget amount of the same quantity
    before it with what the sentence says of the two."""
    word = relation["word"]
    said = (RELATION_WORDS[word] if word else "differ" if relation["differ"]
            else "about-equal" if relation["about"] else "equal")
    amounts = [c for c in paragraph_claims if c["kind"] == "amount" and c["unit"] == "万元"]
    for position in range(len(amounts) - 1, -1, -1):
        actual = amounts[position]
        if actual["basis"] != "actual" or actual["relation"]:
            continue
        budget = next((c for c in reversed(amounts[:position]) if c["basis"] != "actual"
                       and c["quantity"] == actual["quantity"]), None)
        if budget is not None:
            actual["relation"], actual["against"] = said, budget["claim_key"]
            return


def resolve_denominators(rows: list[dict]) -> None:
    """A share that names its whole (占支出合计的 39.24%) is against the amount claim of that name
    stated before it (the last one before it)."""
    for position, claim in enumerate(rows):
        if claim["kind"] != "share" or not claim["denominator"]:
            continue
        whole = next((c for c in reversed(rows[:position]) if c["kind"] == "amount"
                      and c["basis"] == "actual" and c["quantity"] == claim["denominator"]), None)
        if whole is not None:
            claim["against"] = whole["claim_key"]
