"""From workbook values to the typed model, with every rule checked.

Rules that make a document wrong are errors; facts that are odd but real (the
example's plans are due three days before the notice is dated) are warnings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import Findings, Location
from generator.inputs.model import (
    Campaign,
    CheckRule,
    DocumentSpec,
    Inputs,
    KindFacts,
    Metric,
    Notice,
    Phase,
    Remark,
    Report,
    Row,
    SummaryItem,
    UnaskedFigure,
    Unit,
)
from generator.inputs.periods import DEFAULT_PERIOD_KIND, PERIOD_KINDS, WEEKDAYS, PeriodKind, campaign_periods
from generator.inputs.rules import RuleSet, read_rules
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    CHECKS_SHEET,
    DOCUMENTS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    REPORTS_SHEET_NAME,
    RESERVED_SHEET_NAMES,
    RULES_SHEET,
    SUMMARY_SHEET,
    UNIT_COLUMN,
    UNIT_TYPES_SHEET,
    UNITS_SHEET,
    FieldSpec,
    SheetSpec,
)
from generator.inputs.statistics import checks_from, metrics_from, reports_from, split_names
from generator.inputs.workbook import ConvertSpreadsheet, FormSheet, TableSheet, Value, Workbook, normalize_header
from generator.inputs.xlsx_reader import Cell
from generator.standard import gbt9704
from generator.standard.filenames import plain_file_name
from generator.standard.words import chinese_date, level_of_region, nearest_name, whole_of_region

T = TypeVar("T")

# 发文字号: organ code, year in 六角括号, serial without padding (GB/T 9704 7.2.5).
WENHAO = re.compile(r"^[^\s〔〕]+〔(19|20)\d{2}〕[1-9]\d*号$")
_WRONG_BRACKETS = re.compile(r"[\[［【(（]((?:19|20)\d{2})[\]］】)）]")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# How a unit names itself when no 自称 is given: the last word of its name that is a unit word.
_SELF_NAMES = (
    "街道",
    "社区",
    "办事处",
    "镇",
    "乡",
    "区",
    "县",
    "市",
    "办",
    "局",
    "厅",
    "委",
    "院",
    "组",
    "村",
    "队",
    "所",
    "站",
    "中心",
    "公司",  # an 企业: 我公司, 全公司
    "厂",
    "场",  # a 林场, 农场 or 良种场: 我场, 全场
    "处",  # an organ's own 处室 (归集管理处: 我处, 本处; 办事处 is matched first), 办公室, 科
    "室",
    "科",
)


def nearest(name: str, choices: list[str]) -> str | None:
    return nearest_name(name, choices)


def _get(sheet: FormSheet, name: str) -> Any:
    value = sheet.values.get(name)
    return value.value if value else None


def _loc(sheet: FormSheet, name: str) -> Location:
    value = sheet.values.get(name)
    return value.location if value else sheet.location


def _wenhao(sheet: FormSheet, findings: Findings) -> str:
    """The 发文字号, its brackets mended or its form refused; "" when there is none (a plan printed alone)."""
    number = _get(sheet, "发文字号")
    if isinstance(number, str):
        fixed = _WRONG_BRACKETS.sub(r"〔\1〕", number)
        if fixed != number:
            findings.warning(
                _loc(sheet, "发文字号"), f"发文字号的年份应使用六角括号〔〕，已将「{number}」按「{fixed}」处理"
            )
            number = fixed
        half = number.translate(_FULL_WIDTH_DIGITS)
        if half != number:  # typed with the input method in full-width mode: printed as wide as a character
            findings.warning(
                _loc(sheet, "发文字号"), f"发文字号的年份和序号应使用半角阿拉伯数字，已将「{number}」按「{half}」处理"
            )
            number = half
        if not WENHAO.match(number):
            findings.error(
                _loc(sheet, "发文字号"),
                f"发文字号「{number}」不符合格式：应为“机关代字〔年份〕序号号”，如“×政办〔2024〕15号”，序号不加“第”、不编虚位",
            )
    return str(number or "")


def _short_name(sheet: FormSheet, name: str = "简称", findings: Findings | None = None) -> str | None:
    """The 简称 the summaries put before 期间 (大检查期间): typed with its 期间 (强降雨期间), the word alone."""
    short = _get(sheet, name)
    if not isinstance(short, str) or len(short) <= 2 or not short.endswith("期间"):
        return short  # type: ignore[no-any-return]
    if findings is not None:
        findings.warning(
            _loc(sheet, name),
            f"简称「{short}」带了“期间”：总结在简称后面自己写“期间”（会成了“{short}期间”），已按「{short[:-2]}」处理",
        )
    return short[:-2]


def _check_mark(sheet: FormSheet, mark: object, findings: Findings) -> None:
    """A mark too long for a line (narrowed, or past narrowing), and a joint mark's 文件 on every line."""
    lines = [line for line in mark.split("\n") if line.strip()] if isinstance(mark, str) else []
    longest = max((len(line) for line in lines), default=0)
    if longest > gbt9704.MARK_MAX_CHARS_NARROWED:  # a joint notice's marks stand one a line: each line counts
        findings.warning(
            _loc(sheet, "发文机关标志"),
            f"发文机关标志有 {longest} 个字，字宽压到 {gbt9704.MARK_NARROWEST_SCALE}% 一行也只能排下 "
            f"{gbt9704.MARK_MAX_CHARS_NARROWED} 个字，红头会折行；可改用发文机关的规范化简称（GB/T 9704 第 7.2.3 条）",
        )
    elif longest > gbt9704.MARK_MAX_CHARS:
        findings.note(
            _loc(sheet, "发文机关标志"),
            f"发文机关标志有 {longest} 个字，一行只能排 {gbt9704.MARK_MAX_CHARS} 个字，"
            "生成时压窄字宽（字符缩放）排在一行",
        )
    if sum(line.rstrip().endswith("文件") for line in lines) > 1:  # 中共××县委办公室文件 over ××县人民政府办公室文件
        findings.warning(
            _loc(sheet, "发文机关标志"),
            "联合行文的发文机关标志每行都写了“文件”：“文件”二字只在各机关名称的右侧出现一次（GB/T 9704 第 7.2.3 条），"
            "可去掉各行的“文件”，只写机关名称",
        )


# More characters than a 标题 or a 发文机关标志 of the most lines any real one takes (gbt9704's
# TITLE_MOST_LINES, MARK_MOST_LINES): text pasted into the cell, which would print pages of 版头.
_MOST_CHARS = {
    "标题": gbt9704.TITLE_MOST_LINES * gbt9704.TITLE_MAX_CHARS_PER_LINE,
    "方案标题": gbt9704.TITLE_MOST_LINES * gbt9704.TITLE_MAX_CHARS_PER_LINE,
    "发文机关标志": gbt9704.MARK_MOST_LINES * gbt9704.MARK_MAX_CHARS_NARROWED,
}


def _refuse_pasted_text(sheet: FormSheet, field: str, findings: Findings) -> None:
    """An error when the field holds more characters than any real title or mark (_MOST_CHARS)."""
    value = _get(sheet, field)
    length = len(value.replace("\n", "")) if isinstance(value, str) else 0
    if length > _MOST_CHARS[field]:
        findings.error(
            _loc(sheet, field),
            f"「{field}」有 {length} 个字，比任何一份公文的{'红头' if field == '发文机关标志' else '标题'}都长"
            f"（最多约 {_MOST_CHARS[field]} 个字）：像是把别的内容粘贴进了这个单元格，请核对",
        )


def _notice(sheet: FormSheet, findings: Findings) -> Notice | None:
    number = _wenhao(sheet, findings)
    recipients = _get(sheet, "主送机关") or ""  # a 镇's notice to its own groups may have none
    if isinstance(recipients, str):
        recipients = recipients.rstrip(":：")
    mark = _get(sheet, "发文机关标志")
    _check_mark(sheet, mark, findings)
    for field in ("发文机关标志", "标题"):
        _refuse_pasted_text(sheet, field, findings)
    values = dict(
        organ=_get(sheet, "发文机关"),
        mark=mark,
        number=number,  # "": a plan printed alone has no 发文字号, and nothing prints one
        date=_get(sheet, "成文日期"),
        title=_get(sheet, "标题"),
        recipients=recipients,
        copies_to=(_get(sheet, "抄送机关") or "").rstrip("。.") or None,
        printer=_get(sheet, "印发机关"),
        print_date=_get(sheet, "印发日期"),
        contact_person=_get(sheet, "联系人"),
        contact_phone=_get(sheet, "联系电话"),
        contact_email=_get(sheet, "电子邮箱"),
    )
    optional = ("copies_to", "contact_person", "contact_phone", "contact_email")
    if any(values[k] is None for k in values if k not in optional):
        return None
    _check_print_date(sheet, values["date"], values["print_date"], findings)
    return Notice(**values, extra=sheet.extras)


def _check_print_date(sheet: FormSheet, date: dt.date, printed: dt.date, findings: Findings) -> None:
    """The 版记 says the notice was printed before it was signed (印发日期 before 成文日期)."""
    if printed < date:
        findings.warning(
            _loc(sheet, "印发日期"),
            f"印发日期 {chinese_date(printed)} 早于成文日期 {chinese_date(date)}：公文成文后才印发，"
            "版记里的印发日期应不早于成文日期；请核对（照常生成）",
        )


def _rows(
    table: TableSheet, build: Callable[[dict[str, Value], dict[str, Any]], T | None], fixed: SheetSpec
) -> list[T]:
    """Build one item per row; `build` gets the row's known fields and the clerk's own columns,
    those a 字段规则 row put a rule on included (a rule checks a column, it never hides it)."""
    known = {f.name for f in fixed.fields}
    out = []
    for row, extra in zip(table.rows, table.extras, strict=True):
        ruled = {name: cell.value for name, cell in row.items() if name not in known}
        item = build(row, ruled | extra)
        if item is not None:
            out.append(item)
    return out


def _value(row: dict[str, Value], name: str) -> Any:
    return row[name].value if name in row else None


# A phase's 开始日期 and 结束日期 cells, by its name: where a warning about its dates points.
PhaseCells = dict[str, tuple[Location, Location]]


def _phase_cells(table: TableSheet | None) -> PhaseCells:
    rows = table.rows if table is not None else []
    return {r["阶段名称"].value: (r["开始日期"].location, r["结束日期"].location) for r in rows if r["阶段名称"].value}


def _phases(table: TableSheet, findings: Findings) -> list[Phase]:
    def build(row: dict[str, Value], extra: dict[str, Any]) -> Phase | None:
        name, start, end = (row[k].value for k in ("阶段名称", "开始日期", "结束日期"))
        if name is None or start is None or end is None:
            return None
        if end < start:
            findings.error(row["结束日期"].location, f"阶段「{name}」的结束日期早于开始日期")
            return None
        return Phase(name, start, end, _value(row, "工作内容"), extra)

    phases = _rows(table, build, PHASES_SHEET)
    if not phases and not findings.errors:
        findings.error(table.location, "至少需要一个阶段")
    return phases


@dataclasses.dataclass(frozen=True)
class UnitTypeWording:
    """How units of one type speak: a row of the 单位类型 sheet, blanks filled by the type's defaults."""

    self_name: str | None  # 镇 (我镇); None: the last word of each unit's name
    suffix: str | None  # 署名后缀: 人民政府
    whole: str  # 全{自称} (全镇) or 本{自称} (本局)
    scope_phrase: str  # 在全{自称}范围内, 在本{自称}职责范围内


# The 公文 usage of the common unit types: a township or a school speaks of its whole territory
# (全镇, 在全镇范围内), a department of its duties (本局, 在本局职责范围内), a group of its charge.
_TERRITORY = (None, None, "全{自称}", "在全{自称}范围内")
_DEPARTMENT = (None, None, "本{自称}", "在本{自称}职责范围内")
_GROUP = ("组", None, "本组", "在本组负责范围内")
DEFAULT_UNIT_TYPE_WORDING: dict[str, tuple[str | None, str | None, str, str]] = {
    "乡镇": (None, "人民政府", "全{自称}", "在全{自称}范围内"),
    "乡": (None, "人民政府", "全{自称}", "在全{自称}范围内"),
    "镇": (None, "人民政府", "全{自称}", "在全{自称}范围内"),
    "街道": ("街道", "办事处", "全街道", "在全街道范围内"),
    "部门": _DEPARTMENT,
    "组": _GROUP,
    "学校": ("校", None, "全校", "在全校范围内"),
    # 村 and 社区 sign as their committees (观音村村民委员会, 城南社区居民委员会)
    "村": (None, "村民委员会", "全{自称}", "在全{自称}范围内"),
    "社区": ("社区", "居民委员会", "全社区", "在全社区范围内"),
    "企业": _TERRITORY,  # signs with its own name: 全公司, 在全公司范围内
}


def default_wording(unit_type: str) -> tuple[str | None, str | None, str, str]:
    """A type's defaults; a type not listed is judged by its name (检查组 is a group, 县直单位 a department)."""
    if unit_type in DEFAULT_UNIT_TYPE_WORDING:
        return DEFAULT_UNIT_TYPE_WORDING[unit_type]
    if unit_type.endswith("组"):
        return _GROUP
    if unit_type.endswith(("部门", "单位", "机关", "局", "委")):
        return _DEPARTMENT
    if unit_type.endswith(("学校", "校")):
        return DEFAULT_UNIT_TYPE_WORDING["学校"]
    if unit_type.endswith(("村", "社区")):  # 行政村, 城市社区
        return DEFAULT_UNIT_TYPE_WORDING["村" if unit_type.endswith("村") else "社区"]
    return _TERRITORY


def bare_self_name(given: str | None) -> str | None:
    """A 自称 typed as the documents print it (我村, 本村, 全镇) is the word alone (村, 镇): the documents
    put 我, 本 or 全 before it themselves (我本村, 在全本村范围内 otherwise)."""
    if not given:
        return given
    return given[1:] if len(given) > 1 and given[0] in "我本全" else given


def unit_type_wording(unit_type: str, row: dict[str, Value] | None = None) -> UnitTypeWording:
    self_name, suffix, whole, scope = default_wording(unit_type)
    if row is not None:
        self_name = bare_self_name(_value(row, "自称")) or self_name
        suffix = _value(row, "署名后缀") or suffix  # a blank cell is the type's default (办事处), as the guide says
        whole = _value(row, "全境") or whole
        scope = _value(row, "范围用语") or scope
    return UnitTypeWording(self_name, suffix, whole, scope)


def _unit_types(table: TableSheet | None) -> dict[str, UnitTypeWording] | None:
    """类型 -> how it speaks, or None when the workbook does not list its types."""
    if table is None:
        return None
    return {
        row["类型"].value: unit_type_wording(row["类型"].value, row)
        for row in table.rows
        if row["类型"].value is not None
    }


def self_name_of(name: str, given: str | None) -> str:
    """镇 for 韩村镇 (我镇、全镇), 局 for 县公安局, 组 for 第一检查组; 单位 when the name says nothing."""
    if given:
        return given
    return next((word for word in _SELF_NAMES if name.endswith(word)), "单位")


# A city's own districts (市辖区) sign with the city's name: 大同市城区人民政府, never 城区人民政府 (every
# city has a 城区); its counties do not (阳高县人民政府), nor a zone with a 管委会.
CITY_DISTRICT = re.compile(r"^(?!.*(?:开发|工业|园|新|示范|管理|景)区$).+区$")


def organ_of(name: str, suffix: str | None, region: str | None) -> str:
    """The full name a unit signs with: 韩村镇人民政府; 县公安局 of 永清县 is 永清县公安局; 城区 of 大同市
    is 大同市城区人民政府; 中心办公室 of 银川住房公积金管理中心 is 银川住房公积金管理中心办公室."""
    full = name + (suffix or "")
    level = level_of_region(region) if region else ""
    if region and len(region) > len(level) and full.startswith(level) and not full.startswith(region):
        rest = full[len(level) :]  # 县公安局 of 永清县; 中心安全工作领导小组办公室 of ××管理中心 too
        # 县委平安办 of 泾县 is 泾县县委平安办: a place of one character keeps its level before 委
        # (泾县委 is no organ's name), 永清县委… is 永清县's
        full = region + (full if len(region) == 2 and len(level) == 1 and rest.startswith("委") else rest)
    elif region and region.endswith("市") and suffix == "人民政府" and CITY_DISTRICT.match(name):
        full = full if full.startswith(region) else region + full
    return full


def _warn_of_a_suffix_twin(
    name: str, where: Location, seen: dict[str, Location], stems: dict[str, str], findings: Findings
) -> None:
    """九成宫 below 九成宫镇: one unit typed twice gets two plans, two forms, two summaries. Said when one
    of the two has no suffix at all (城关镇 and 城关街道 may well be two units)."""
    stem = _stem(name)
    twin = stems.setdefault(stem, name) if len(stem) >= 2 else name
    if twin != name and stem in (name, twin):
        findings.warning(
            where,
            f"单位「{name}」与 {seen[twin].cell} 的「{twin}」只差后缀，是同一个单位吗？"
            "同一个单位写了两行，会各有一份方案、填报表和总结；如果是，请删去一行",
        )


def _units(
    table: TableSheet,
    types: dict[str, UnitTypeWording] | None,
    region: str | None,
    findings: Findings,
) -> list[Unit]:
    seen: dict[str, Location] = {}
    stems: dict[str, str] = {}  # a name without its suffix -> the first unit of that stem

    def build(row: dict[str, Value], extra: dict[str, Any]) -> Unit | None:
        name, unit_type = row[UNIT_COLUMN].value, row["类型"].value
        if name is None or unit_type is None:
            return None
        if name in seen:
            findings.error(row[UNIT_COLUMN].location, f"单位「{name}」重复，已在 {seen[name].cell} 出现")
            return None
        _warn_of_a_suffix_twin(name, row[UNIT_COLUMN].location, seen, stems, findings)
        seen[name] = row[UNIT_COLUMN].location
        wording = (types or {}).get(unit_type) or unit_type_wording(unit_type)
        organ = _value(row, "机关全称") or organ_of(name, wording.suffix, region)
        place = region[: -len(level_of_region(region))] if region else ""  # 永清 of 永清县: 永清台湾工业新城
        if not _value(row, "机关全称") and not _PLACE.search(organ) and not (place and place in organ):
            findings.warning(
                row[UNIT_COLUMN].location,
                f"单位「{name}」没有填「机关全称」，它的方案、总结署名“{organ}”，看不出是哪里的机关，不是机关全称或规范化简称"
                f"（GB/T 9704 第 7.3.5 条）；请在「单位」表的「机关全称」填写，如“{region or '××镇'}{name}”",
            )
        # The unit's own columns win over its type's (自称 typed as 镇 or as 我镇).
        given = _value(row, "自称") or _value(row, "简称")
        self_name = self_name_of(name, bare_self_name(given) or wording.self_name)
        return Unit(
            name,
            unit_type,
            organ,
            self_name,
            bool(_value(row, "领导小组成员单位")),
            _value(row, "日常工作机构"),
            _value(row, "方案日期"),
            whole=_value(row, "全境") or wording.whole.replace("{自称}", self_name),
            scope_phrase=_value(row, "范围用语") or wording.scope_phrase.replace("{自称}", self_name),
            plan_title=_value(row, "方案标题"),
            summary_title=_value(row, "总结标题"),
            extra=extra,
        )

    return _rows(table, build, UNITS_SHEET)


# A name that says where its organ is: a level of government (永清县公安局, 韩村镇人民政府, 开发区) or a
# placeholder for one (××局). 财政所 or 党政办 alone does not.
_PLACE = re.compile(r"[省市县区旗镇乡州盟]|街道|苏木|×")
_UNIT_SUFFIX = re.compile(r"(回族乡|街道办事处|街道|办事处|社区|镇|乡|区|办|村)$")


def _stem(name: str) -> str:
    """A unit's name without its suffix, when two characters or more are left (三教村 → 三教; 韩村 stays:
    its 村 is part of the name)."""
    stem = _UNIT_SUFFIX.sub("", name)
    return stem if len(stem) >= 2 else name


def same_unit_but_suffix(name: str, unit_names: list[str]) -> str | None:
    """The one unit that `name` is, up to a missing or different suffix (韩村 -> 韩村镇), if there is exactly one."""
    stem = _stem(name)
    if len(stem) < 2:
        return None
    matches = [u for u in unit_names if _stem(u) == stem]
    return matches[0] if len(matches) == 1 else None


class UnitNames(list[str]):
    """The 单位 sheet's names in order, answering `in` from a set: every row of every sheet names a
    unit, and a list would be scanned once per row."""

    def __init__(self, names: Iterable[str]) -> None:
        super().__init__(names)
        self._known = frozenset(self)

    def __contains__(self, name: object) -> bool:
        return name in self._known


def resolve_unit(
    name: Any,
    location: Location,
    unit_names: list[str] | None,
    findings: Findings,
    remarks: list[Remark | UnaskedFigure] | None = None,
) -> str | None:
    """A unit name as typed, checked against the 单位 sheet; None (with an error) if it is not there.

    `unit_names` is None when the 单位 sheet itself could not be read: its error is
    reported already, and checking every row against it would bury it.
    """
    if unit_names is None:
        return None
    if name is None or name in unit_names:
        return name  # type: ignore[no-any-return]
    name = str(name)
    same = same_unit_but_suffix(name, unit_names)
    if same is not None:
        findings.note(location, f"单位「{name}」按「{same}」处理")
        if remarks is not None:  # the row now belongs to another unit: the 核稿 pass shows it every time
            remarks.append(
                Remark(
                    "自动更正",
                    location,
                    f"单位「{name}」按「{same}」处理，这一行算作{same}的",
                    f"如果指的不是{same}，请在单元格里写全单位名称",
                )
            )
        return same
    hint = nearest(name, unit_names)
    suggestion = f"，是否是「{hint}」？" if hint else "；请先在「单位」表中添加它"
    findings.error(location, f"单位「{name}」不在「单位」表中{suggestion}")
    return None


_RESERVED = frozenset(normalize_header(name) for name in RESERVED_SHEET_NAMES)


def _list_spec(name: str, keyed: bool, rules: RuleSet) -> SheetSpec:
    """A clerk's own list: every column as typed, the rules' columns checked, 单位名称 keyed."""
    fields = (FieldSpec(UNIT_COLUMN, help="须是「单位」表中的单位"),) if keyed else ()
    return rules.apply(SheetSpec(name, fields, is_table=True, help="自行添加的列表"))


# One document lists a unit's rows of a list (its teams, its 排查重点): beyond this many, the
# rows were pasted by mistake, and the documents would run to hundreds of pages (and past the
# templates' 一、二、… numbering, which the clerk would then blame on the template).
MAX_LIST_ROWS_PER_DOCUMENT = 1000


def _within_list_limit(rows: list[Row], keyed: bool, where: Location, findings: Findings) -> bool:
    counts = Counter(str(row[UNIT_COLUMN]) for row in rows) if keyed else Counter({"": len(rows)})
    over = [(unit, n) for unit, n in counts.most_common() if n > MAX_LIST_ROWS_PER_DOCUMENT]
    if not over:
        return True
    unit, n = over[0]
    whose = f"单位「{unit}」在这个表中" if keyed else "这个表"
    findings.error(
        where,
        f"{whose}有 {n} 行，超过一份公文能列出的上限 {MAX_LIST_ROWS_PER_DOCUMENT} 行；是否误粘贴了数据？",
    )
    return False


def _lists(
    wb: Workbook,
    rules: RuleSet,
    unit_names: list[str] | None,
    findings: Findings,
    remarks: list[Remark | UnaskedFigure],
) -> tuple[dict[str, tuple[Row, ...]], dict[str, dict[str, list[Row]]]]:
    """Every list sheet: the campaign's own lists, and the per-unit ones (keyed by 单位名称) by unit."""
    everything: dict[str, tuple[Row, ...]] = {}
    per_unit: dict[str, dict[str, list[Row]]] = {}
    for name in wb.sheet_names():
        if normalize_header(name) in _RESERVED:  # (read by their own readers, each once)
            continue
        headers = wb.headers(name)
        if not headers:
            continue
        keyed = UNIT_COLUMN in headers
        table = wb.read_table(_list_spec(name, keyed, rules))
        if table is None:
            continue
        rows: list[Row] = []
        for record, extra in zip(table.rows, table.extras, strict=True):
            row = {key: value.value for key, value in record.items()} | extra
            if UNIT_COLUMN in record:
                unit = resolve_unit(
                    record[UNIT_COLUMN].value, record[UNIT_COLUMN].location, unit_names, findings, remarks
                )
                if unit is None:
                    continue
                row[UNIT_COLUMN] = unit
            rows.append(row)
        rows = rules.sort_rows(name, rows)
        if not _within_list_limit(rows, keyed, table.location, findings):
            continue
        if not keyed:  # the campaign's own list (值班安排): every document sees it
            everything[name] = tuple({"序号": i, **row} for i, row in enumerate(rows, start=1))
        else:  # a list per unit: each unit's documents see its own rows
            by_unit = per_unit.setdefault(name, {})
            for row in rows:
                by_unit.setdefault(row[UNIT_COLUMN], []).append(row)
    return everything, per_unit


def _campaign(
    sheet: FormSheet,
    phases: list[Phase],
    units: list[Unit],
    notice: Notice | None,
    findings: Findings,
    phase_cells: PhaseCells | None = None,
) -> Campaign | None:
    lead = _get(sheet, "牵头单位")
    unit_names = [u.name for u in units]
    if lead is not None and units and lead not in unit_names:
        _check_lead(lead, unit_names, _loc(sheet, "牵头单位"), findings)
    _check_campaign_dates(sheet, phases, phase_cells or {}, notice, findings)
    region = _get(sheet, "本级名称")
    period_kind = PERIOD_KINDS.get(_get(sheet, "报送周期") or "", DEFAULT_PERIOD_KIND)
    report_day = _get(sheet, "报送日")
    if period_kind.needs_report_day and report_day is None:
        _missing_report_day(sheet, period_kind, findings)
    values = dict(
        name=_get(sheet, "活动名称"),
        region=region,
        start=_get(sheet, "开始日期"),
        end=_get(sheet, "结束日期"),
        lead_unit=lead,
        group_office=_get(sheet, "领导小组办公室"),
    )
    _refuse_pasted_text(sheet, "方案标题", findings)
    if any(v is None for v in values.values()):
        return None
    start, end = values["start"], values["end"]
    week_end = _week_end(sheet, period_kind, start, findings)
    return Campaign(
        **values,
        plan_title=_get(sheet, "方案标题"),
        short_name=_short_name(sheet, findings=findings),
        scope=_get(sheet, "范围") or whole_of_region(region),
        plan_due=_get(sheet, "方案报送截止"),
        period_kind=period_kind,
        report_day=report_day,
        summary_due=_get(sheet, "总结报送截止") or end,
        phases=tuple(phases),
        periods=campaign_periods(period_kind, start, end, phases, report_day, week_end),
        extra=sheet.extras,
        week_end=week_end,
        rollup_report_day=_own_report_day(sheet, period_kind, report_day, findings),
        own_summary_due=_own_summary_due(sheet, findings),
    )


def _missing_report_day(sheet: FormSheet, period_kind: PeriodKind, findings: Findings) -> None:
    """A 报送日 the period kind needs: its row missing (named at the 报送周期) or its cell blank (an
    import leaves the one a notice does not give), named at its own cell; both rows missing, at the
    sheet (the default 月 printed 每月日前 and a made-up day); one refused as typed (「两」) was said
    when it was read."""
    if "报送周期" not in sheet.values and "报送日" not in sheet.values:  # no cell to name, none refused as typed
        findings.error(
            sheet.location,
            f"没有「报送周期」和「报送日」两行：不填报送周期即按“{period_kind.name}”报送，需要加一行「报送日」"
            "（每期结束后第几天前报送）；没有定期报送的，加一行「报送周期」填“无”",
        )
        return
    where = _loc(sheet, "报送日" if "报送日" in sheet.values else "报送周期")
    if any(f.location == where for f in findings.errors):
        return
    findings.error(where, f"按“{period_kind.name}”报送时，需要填写「报送日」（每期结束后第几天前报送）")


def _week_end(sheet: FormSheet, period_kind: PeriodKind, start: dt.date, findings: Findings) -> int | None:
    """The weekday the campaign's weeks end on (每周最后一天), when it reports by week and names one.
    A weekly campaign naming none has weeks of 7 days from its start: every form's span and deadline
    says so, and a notice asking for 每周五报送 would be contradicted by each, so the clerk is told."""
    named = _get(sheet, "每周最后一天")
    where = _loc(sheet, "每周最后一天")
    if named not in WEEKDAYS:
        refused = "每周最后一天" in sheet.values and any(f.location == where for f in findings.errors)
        if period_kind.weekly and not refused:  # one refused as typed (周五) was said when it was read
            assumed = WEEKDAYS[(start.weekday() + 6) % 7]
            findings.warning(
                where,
                f"按“周”报送，但没有填「每周最后一天」：gongwen 按每周从活动开始日（{chinese_date(start)}，"
                f"{WEEKDAYS[start.weekday()]}）起算满7天，即每周到{assumed}为止，各期的统计时段和报送截止都按它算；"
                "通知规定了每周星期几报送的，请在「活动」表加一行「每周最后一天」，填那一周的最后一天"
                "（“每周五报送本周情况”填“星期五”，“每周一报送上周情况”填“星期日”）",
            )
        return None
    if not period_kind.weekly:
        findings.warning(
            where,
            f"「每周最后一天」只在报送周期为“周”时起作用，这次按“{period_kind.name}”报送，没有用它",
        )
        return None
    return WEEKDAYS.index(named)


def _own_report_day(
    sheet: FormSheet, period_kind: PeriodKind, report_day: int | None, findings: Findings
) -> int | None:
    """The 汇总上报日: each period's roll-up due to the level above, days after the period ends."""
    days = _get(sheet, "汇总上报日")
    if days is None:
        return None
    if period_kind.spans is None:
        findings.warning(
            _loc(sheet, "汇总上报日"), "「汇总上报日」只在有统计报表时起作用，这次报送周期为“无”，没有用它"
        )
        return None
    if report_day is not None and days < report_day:
        findings.warning(
            _loc(sheet, "汇总上报日"),
            f"「汇总上报日」是每期结束后{days}天，早于各单位的「报送日」（每期结束后{report_day}天）：各单位的报表"
            "到齐以前，本级的汇总表就要报出，核稿会指出每一期晚于上报期限的汇总表；请核对两个日子",
        )
    return int(days)


def _own_summary_due(sheet: FormSheet, findings: Findings) -> dt.date | None:
    """The 总结上报截止: the campaign's own 工作总结 due to the level above."""
    due, units_due = _get(sheet, "总结上报截止"), _get(sheet, "总结报送截止")
    if due is not None and units_due is not None and due < units_due:
        findings.warning(
            _loc(sheet, "总结上报截止"),
            f"「总结上报截止」{chinese_date(due)}早于各单位的「总结报送截止」{chinese_date(units_due)}："
            "本级的总结要在各单位的总结到齐以前报出；请核对两个日期",
        )
    return due if isinstance(due, dt.date) else None


def _check_lead(lead: str, unit_names: list[str], where: Location, findings: Findings) -> None:
    """A 牵头单位 may be an organ that is not one of the units (a 镇安委办 leads the 镇's groups):
    it then has no documents of its own. A name very close to a unit's is taken for a typo."""
    close = difflib.get_close_matches(lead, unit_names, n=1, cutoff=0.75)
    typo = same_unit_but_suffix(lead, unit_names) or (close[0] if close else None)
    if typo is not None:
        findings.error(
            where,
            f"牵头单位「{lead}」不在「单位」表中，是否是「{typo}」？"
            "（牵头单位也可以不是「单位」表中的单位，但不能与某个单位的名称只差一两个字）",
        )
        return
    findings.note(where, f"牵头单位「{lead}」不是「单位」表中的单位：它没有自己的方案、报表和总结")


def _check_campaign_dates(
    sheet: FormSheet, phases: list[Phase], phase_cells: PhaseCells, notice: Notice | None, findings: Findings
) -> None:
    start, end = _get(sheet, "开始日期"), _get(sheet, "结束日期")
    if start and end and end < start:
        findings.error(_loc(sheet, "结束日期"), "活动的结束日期早于开始日期")
    for phase in phases if start and end else []:
        if phase.start < start or phase.end > end:
            cells = phase_cells.get(phase.name)
            where = (cells[0] if phase.start < start else cells[1]) if cells else None
            findings.warning(
                where or Location(sheet.location.file, PHASES_SHEET.name),
                f"阶段「{phase.name}」{chinese_date(phase.start)}至{chinese_date(phase.end)}，"
                f"超出了活动的起止日期（{chinese_date(start)}至{chinese_date(end)}）",
            )
    _check_plan_due(sheet, notice, end, findings)
    _check_start_near_notice(sheet, notice, start, findings)


# A notice is issued about when its campaign starts; half a year apart, one of the two dates is
# likely the blank workbook's example, left when an imported notice stated only the other.
NOTICE_START_APART_DAYS = 183


def _check_start_near_notice(
    sheet: FormSheet, notice: Notice | None, start: dt.date | None, findings: Findings
) -> None:
    if notice is None or start is None or abs((start - notice.date).days) <= NOTICE_START_APART_DAYS:
        return
    findings.warning(
        _loc(sheet, "开始日期"),
        f"活动的开始日期 {chinese_date(start)} 与成文日期 {chinese_date(notice.date)} 相差半年以上，"
        "其中一个可能是空白工作簿的示例值；请核对（照常生成）",
    )


def _check_plan_due(sheet: FormSheet, notice: Notice | None, end: dt.date | None, findings: Findings) -> None:
    due = _get(sheet, "方案报送截止")
    if due and notice and due < notice.date:
        findings.warning(
            _loc(sheet, "方案报送截止"),
            f"方案报送截止日期 {chinese_date(due)} 早于成文日期 {chinese_date(notice.date)}（照常生成，请确认）",
        )
    elif due and end and due > end:  # the blank workbook's example date, left when the notice named none
        findings.warning(
            _loc(sheet, "方案报送截止"),
            f"方案报送截止日期 {chinese_date(due)} 晚于活动的结束日期 {chinese_date(end)}：方案要在活动开始时报送，"
            "这个日期可能是空白工作簿的示例值；请改为本次活动的日期（照常生成）",
        )


def _unit_names(table: TableSheet | None) -> list[str] | None:
    """Every name in the 单位 sheet counts for references, even a row rejected for another
    reason (its own error is reported once, at its own cell)."""
    if table is None:
        return None
    return UnitNames(v for row in table.rows if (v := row[UNIT_COLUMN].value) is not None)


def _summary(
    table: TableSheet | None,
    unit_names: list[str] | None,
    own_names: set[str],
    findings: Findings,
    remarks: list[Remark | UnaskedFigure],
) -> list[SummaryItem]:
    """The narrative; a row under the campaign's own name (永清县, or 全县) is its own summary's."""
    items: list[SummaryItem] = []
    for row in table.rows if table else []:
        unit_value = row[UNIT_COLUMN].value
        own = unit_value in own_names
        unit = None if own else resolve_unit(unit_value, row[UNIT_COLUMN].location, unit_names, findings, remarks)
        section, title, text = row["类别"].value, _value(row, "标题"), row["内容"].value
        if (own or unit) and section and text:
            items.append(SummaryItem(unit, section, title, text.rstrip("。；;") + "。"))
    return items


def _units_spec(rules: RuleSet, types: dict[str, UnitTypeWording] | None) -> SheetSpec:
    """The 单位 sheet with the clerk's rules, its 类型 limited to the 单位类型 sheet's (when there is one)."""
    spec = rules.apply(UNITS_SHEET)
    if types is None:
        return spec
    return spec.with_fields(
        tuple(
            f
            if f.name != "类型"
            else FieldSpec(
                "类型", help=f.help, choices=tuple(types), label=f.label, message=_unlisted_type(tuple(types))
            )
            for f in spec.fields
        )
    )


def _unlisted_type(listed: tuple[str, ...]) -> str:
    """A type the 单位类型 sheet does not list: said with where a new one is added."""
    return (
        f"单位类型应为 {'、'.join(listed)} 之一，实际为「{{值}}」；这是新的类型时，请先在「单位类型」表加一行"
        "（类型写“{值}”，自称、署名后缀、全境、范围用语不填时按默认写法）"
    )


def _own_names(campaign_rows: dict[str, Any]) -> set[str]:
    """What the 总结 sheet may call the campaign's own summary: 永清县, 全县, or the 范围 word."""
    region, scope = campaign_rows.get("本级名称"), campaign_rows.get("范围")
    names = {n for n in (region, scope) if isinstance(n, str) and n}
    if isinstance(region, str) and region:
        names.add(whole_of_region(region))
    return names


def documents_spec(kinds: Sequence[KindFacts]) -> SheetSpec:
    """The 文档 sheet, its 种类 one of the engine's kinds (as declared), each explained in its help."""
    said = "；".join(f"{k.name}：{k.description}" for k in kinds)
    return DOCUMENTS_SHEET.with_fields(
        tuple(
            f if f.name != "种类" else FieldSpec("种类", help=said, choices=tuple(k.name for k in kinds), label=f.label)
            for f in DOCUMENTS_SHEET.fields
        )
    )


def _made_for(row: dict[str, Value], units: list[Unit], findings: Findings) -> tuple[str, ...]:
    """The 文档 sheet's 适用单位: unit names or types; one that is neither is refused at its cell."""
    names = split_names(_value(row, "适用单位"))
    known = {u.name for u in units} | {u.unit_type for u in units}
    for name in names:
        if units and name not in known:
            hint = nearest(name, sorted(known))
            suggestion = f"，是否是「{hint}」？" if hint else ""
            findings.error(
                row["适用单位"].location, f"适用单位「{name}」既不是「单位」表中的单位，也不是单位类型{suggestion}"
            )
    return names


def _documents(
    table: TableSheet | None, kinds: Sequence[KindFacts], period_kind: PeriodKind, units: list[Unit], findings: Findings
) -> tuple[DocumentSpec, ...]:
    """The 文档 sheet's rows that are made; without the sheet, every kind the campaign has."""
    periodic = {k.name for k in kinds if k.periodic}
    if table is None:
        return tuple(
            DocumentSpec(k.name, k.name, None, None) for k in kinds if period_kind.reports or k.name not in periodic
        )
    documents: list[DocumentSpec] = []
    seen: dict[str, Location] = {}
    for row in table.rows:
        name, kind = row["文档"].value, row["种类"].value
        if name is None or kind is None or _value(row, "生成") is False:
            continue
        if not _new_document_name(name, row["文档"].location, seen, findings):
            continue
        if kind in periodic and not period_kind.reports:
            findings.warning(row["种类"].location, f"「报送周期」为“{period_kind.name}”，不生成「{name}」")
            continue
        documents.append(_document_spec(row, name, kind, units, findings))
    _check_twins(table, kinds, {d.kind for d in documents}, findings)
    return tuple(documents)


def _new_document_name(name: str, where: Location, seen: dict[str, Location], findings: Findings) -> bool:
    """A 文档 name no row above has, that can name its template, templates/<文档>.docx: a file
    name, never a path (recorded in `seen`); else an error at its cell."""
    if not plain_file_name(name):
        findings.error(
            where,
            f"文档名「{name}」不能用作文件名（它也是模板的文件名 templates/{name}.docx）："
            '不能含有 / \\ : * ? " < > |，不能以 . 开头或结尾，不能是 CON、NUL 等设备名，最长 200 字节',
        )
        return False
    key = normalize_header(name).casefold()
    if key in seen:
        findings.error(where, f"文档「{name}」重复，已在 {seen[key].cell} 出现")
        return False
    seen[key] = where
    return True


def _document_spec(row: dict[str, Value], name: str, kind: str, units: list[Unit], findings: Findings) -> DocumentSpec:
    return DocumentSpec(
        name,
        kind,
        _value(row, "文件名"),
        _value(row, "文件夹"),
        row["文档"].location,
        sealed=_value(row, "加盖印章") is not False,
        banji_on_even_page=_value(row, "版记在偶数页") is True,
        units=_made_for(row, units, findings),
    )


def _check_twins(table: TableSheet, kinds: Sequence[KindFacts], made: set[str], findings: Findings) -> None:
    """A twin (the roll-up's spreadsheet) is made beside its original's documents: not without them."""
    for twin in (k for k in kinds if k.twin_of and k.name in made and k.twin_of not in made):
        said = f"「{twin.name}」（{twin.description}）与「{twin.twin_of}」同出一份数据"
        findings.error(table.location, f"{said}，需要同时生成一种「{twin.twin_of}」文档")


def _campaign_rows(sheet: FormSheet | None) -> dict[str, Any]:
    """The 活动 sheet's rows by name, the clerk's own rows too (rules may name them as bounds)."""
    if sheet is None:
        return {}
    rows = {normalize_header(k): v.value for k, v in sheet.values.items()}
    return rows | {normalize_header(k): v for k, v in sheet.extras.items()}


def load_inputs(
    path: Path, display_name: str, document_kinds: Sequence[KindFacts], convert: ConvertSpreadsheet | None = None
) -> tuple[Inputs | None, Findings]:
    """Read and check the workbook. Inputs is None when there are errors.

    `document_kinds` are the kinds of document the engine makes (documents/registry.py declares
    them): the 文档 sheet's 种类 is one of them.

    `convert` makes an .xlsx of an .xls/.et workbook when only that is there (the pipeline
    passes LibreOffice's); without it such a workbook is refused with how to save it as .xlsx.
    """
    findings = Findings()
    wb = Workbook(path, display_name, findings, convert)
    if not wb.ok:
        return None, findings
    wb.peek_year(CAMPAIGN_SHEET, "开始日期")  # "1月19日" anywhere is read in the campaign's year
    campaign_sheet = wb.read_form(CAMPAIGN_SHEET)
    campaign_rows = _campaign_rows(campaign_sheet)
    rules = read_rules(wb.read_table(RULES_SHEET), campaign_rows, wb.sheet_names(), findings)
    notice_sheet = wb.read_form(NOTICE_SHEET)
    phases_table = wb.read_table(rules.apply(PHASES_SHEET))
    types = _unit_types(wb.read_table(UNIT_TYPES_SHEET))
    units_table = wb.read_table(_units_spec(rules, types))
    notice = _notice(notice_sheet, findings) if notice_sheet else None
    phases = _phases(phases_table, findings) if phases_table else []
    units = _units(units_table, types, campaign_rows.get("本级名称"), findings) if units_table else []
    phase_cells = _phase_cells(phases_table)
    campaign = _campaign(campaign_sheet, phases, units, notice, findings, phase_cells) if campaign_sheet else None
    known_units = _unit_names(units_table)
    remarks: list[Remark | UnaskedFigure] = []
    everything, per_unit = _lists(wb, rules, known_units, findings, remarks)
    metrics = metrics_from(wb.read_table(rules.apply(METRICS_SHEET)), findings)
    checks = checks_from(wb.read_table(CHECKS_SHEET), metrics, findings)
    unit_types = {u.name: u.unit_type for u in units}
    reports = _reports(wb, metrics, checks, campaign, known_units, unit_types, findings, remarks)
    own_names = _own_names(campaign_rows)
    summary = _summary(wb.read_table(rules.apply(SUMMARY_SHEET)), known_units, own_names, findings, remarks)
    documents = _documents(
        wb.read_table(documents_spec(document_kinds)),
        document_kinds,
        campaign.period_kind if campaign else DEFAULT_PERIOD_KIND,
        units,
        findings,
    )
    if findings.errors or notice is None or campaign is None:
        return None, findings
    complete = tuple(_with_lists(u, per_unit) for u in units)
    campaign = dataclasses.replace(campaign, lists=everything, documents=documents, one_per_unit=rules.one_per_unit())
    model = Inputs(notice, campaign, complete, tuple(metrics), tuple(reports), tuple(summary), tuple(checks))
    return dataclasses.replace(model, remarks=tuple(remarks)), findings


def _reports(
    wb: Workbook,
    metrics: list[Metric],
    checks: list[CheckRule],
    campaign: Campaign | None,
    known_units: list[str] | None,
    unit_types: dict[str, str],
    findings: Findings,
    remarks: list[Remark | UnaskedFigure],
) -> list[Report]:
    if not metrics or (campaign is not None and not campaign.periods):
        return []
    return reports_from(
        wb,
        metrics,
        checks,
        campaign,
        lambda name, where: resolve_unit(name, where, known_units, findings, remarks),
        findings,
        lambda unit, metric, value, cell: _not_asked(unit, unit_types.get(unit), metric, value, cell, remarks, wb),
    )


def _not_asked(
    unit: str,
    unit_type: str | None,
    metric: Metric,
    value: Any,
    cell: Cell,
    remarks: list[Remark | UnaskedFigure],
    wb: Workbook,
) -> bool:
    """A figure for a metric the unit's type is not asked for (a township's 立案): not counted, and said."""
    if unit_type is None or metric.applies_to(unit_type) or not value:
        return False
    figure = _shared_figure(value)
    remarks.append(
        UnaskedFigure(wb.display_name, REPORTS_SHEET_NAME, cell.row, cell.column, unit, unit_type, metric, figure)
    )
    return True


_FIGURES: dict[tuple[type, str], Any] = {}


def _shared_figure(value: Any) -> Any:
    """One object per figure as written (5 and 5.0 apart): thousands of remarks quote a few small counts."""
    return _FIGURES.setdefault((type(value), str(value)), value) if len(_FIGURES) < 4096 else value


def _with_lists(unit: Unit, per_unit: dict[str, dict[str, list[Row]]]) -> Unit:
    lists = {
        sheet: tuple({"序号": i, **row} for i, row in enumerate(by_unit.get(unit.name, []), start=1))
        for sheet, by_unit in per_unit.items()
    }
    return dataclasses.replace(unit, lists=lists)
