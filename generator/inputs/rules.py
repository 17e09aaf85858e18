"""The clerk's rules on columns (the 字段规则 sheet): required, type, allowed values, a range.

A rule is folded into the column's FieldSpec before its sheet is read, so that its
messages name the cell exactly as the built-in rules do. A bound may name a row of
the 活动 sheet (最小值: 队伍最少人数) so that a number is written once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.errors import Findings
from generator.inputs.schema import FieldSpec, FieldType, SheetSpec
from generator.inputs.workbook import TableSheet, normalize_header

_TYPES = {t.value: t for t in FieldType}


@dataclass(frozen=True)
class ColumnRule:
    sheet: str
    column: str
    type: FieldType | None
    required: bool | None
    choices: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    sort: bool
    warn_only: bool
    message: str
    one_per_unit: tuple[str, ...] = ()  # values each unit has exactly one row of (组长): a cross-row rule


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[ColumnRule, ...] = ()

    def for_sheet(self, sheet: str) -> list[ColumnRule]:
        key = normalize_header(sheet)
        return [r for r in self.rules if normalize_header(r.sheet) == key]

    def apply(self, spec: SheetSpec) -> SheetSpec:
        """The sheet's spec with the clerk's rules folded in; a rule on an unknown column adds it."""
        fields = list(spec.fields)
        for rule in self.for_sheet(spec.name):
            index = next(
                (i for i, f in enumerate(fields) if normalize_header(f.name) == normalize_header(rule.column)), None
            )
            base = fields[index] if index is not None else FieldSpec(rule.column, required=False)
            merged = _merged(base, rule)
            if index is None:
                fields.append(merged)
            else:
                fields[index] = merged
        return spec.with_fields(tuple(fields))

    def one_per_unit(self) -> tuple[tuple[str, str, str], ...]:
        """(sheet, column, value) of every 每个单位一名 rule: each unit should have one such row."""
        return tuple((r.sheet, r.column, value) for r in self.rules for value in r.one_per_unit)

    def sort_rows(self, sheet: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Rows in the order of a sorted column's allowed values (组长, 副组长, 成员), stable otherwise."""
        for rule in reversed([r for r in self.for_sheet(sheet) if r.sort and r.choices]):
            order = {value: i for i, value in enumerate(rule.choices)}
            rows = sorted(rows, key=lambda row: order.get(str(row.get(rule.column)), len(order)))
        return rows


def _merged(base: FieldSpec, rule: ColumnRule) -> FieldSpec:
    return dataclasses.replace(
        base,
        type=rule.type or base.type,
        required=base.required if rule.required is None else rule.required,
        choices=rule.choices or base.choices,
        minimum=base.minimum if rule.minimum is None else rule.minimum,
        maximum=base.maximum if rule.maximum is None else rule.maximum,
        warn_only=rule.warn_only,
        message=_bounds_in(rule.message, rule.minimum, rule.maximum) or base.message,
    )


def _bounds_in(message: str, low: float | None, high: float | None) -> str:
    for name, bound in (("{最小值}", low), ("{最大值}", high)):
        if bound is not None:
            message = message.replace(name, str(int(bound)) if float(bound).is_integer() else str(bound))
    return message


def _bound(value: Any, campaign_rows: Mapping[str, Any]) -> float | str | None:
    """A number, the number in a 活动 row of that name, or the text that is neither (an error)."""
    if value is None:
        return None
    if isinstance(value, str) and normalize_header(value) in campaign_rows:
        value = campaign_rows[normalize_header(value)]
    try:
        return float(Decimal(str(value).strip()))
    except (InvalidOperation, ValueError):
        return str(value)


def read_rules(
    table: TableSheet | None, campaign_rows: Mapping[str, Any], known_sheets: Sequence[str], findings: Findings
) -> RuleSet:
    rules = []
    missing: set[str] = set()  # a sheet the rules name but the workbook lacks: said once
    for row in table.rows if table else []:
        sheet, column = row["工作表"].value, row["列"].value
        if sheet is None or column is None:
            continue
        if normalize_header(sheet) not in {normalize_header(s) for s in known_sheets}:
            if sheet not in missing:
                findings.error(row["工作表"].location, f"工作簿里没有工作表「{sheet}」，这条规则无处可用")
                missing.add(sheet)
            continue
        rule = _read_rule(row, str(sheet), column, campaign_rows, findings)
        rules.append(rule)
    return RuleSet(tuple(rules))


def _at(row: dict[str, Any], name: str) -> Any:
    return row[name].value if name in row else None


def _choices(allowed: Any) -> tuple[str, ...]:
    """ "组长、副组长、成员" (or with commas) as the values it allows."""
    if not allowed:
        return ()
    text = str(allowed).replace(",", "、").replace("，", "、")
    return tuple(v.strip() for v in text.split("、") if v.strip())


def _read_rule(
    row: dict[str, Any], sheet: str, column: Any, campaign_rows: Mapping[str, Any], findings: Findings
) -> ColumnRule:
    bounds = []
    for name in ("最小值", "最大值"):
        bound = _bound(_at(row, name), campaign_rows)
        if isinstance(bound, str):
            findings.error(row[name].location, f"「{name}」应为数字或「活动」表中某个项目的名称，实际为「{bound}」")
            bound = None
        bounds.append(bound)
    if bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        findings.error(row["最大值"].location, "「最大值」小于「最小值」")
    kind = _at(row, "类型")
    return ColumnRule(
        sheet=sheet,
        column=re.sub(r"\s+", "", str(column)),  # as typed: the key templates use
        type=_TYPES.get(kind) if kind else None,
        required=_at(row, "必填"),
        choices=_choices(_at(row, "允许值")),
        minimum=bounds[0],
        maximum=bounds[1],
        sort=bool(_at(row, "排序")),
        warn_only=_at(row, "不符时") == "提醒",
        message=str(_at(row, "提示") or ""),
        one_per_unit=_choices(_at(row, "每个单位一名")),
    )
