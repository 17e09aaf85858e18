"""The document kinds of a campaign, and each document's template context from the typed model.

Template variables are Chinese, so that a clerk reading a template sees
``{{ 发文.成文日期|日期 }}``. Each kind is registered at the end of this module
(generator/documents/registry.py says what a kind declares).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from generator.documents import registry
from generator.documents.chart import HEIGHT_MM as CHART_HEIGHT_MM
from generator.documents.chart import WIDTH_MM as CHART_WIDTH_MM
from generator.documents.chart import cached_chart_png
from generator.documents.registry import DocumentJob, DocumentKind, Picture, Shared, Twin, output_name
from generator.documents.summary import county_summary_context, summary_date, unit_summary_context
from generator.inputs.model import Campaign, Inputs, Metric, Notice, Unit
from generator.inputs.schema import GROUP_ROLES
from generator.inputs.statistics import campaign_months, cumulative, format_figure, month_name, report_of
from generator.standard import gbt9704
from generator.standard.words import months_between, next_month

# Document kinds, in build order; each .docx kind is a template in templates/.
NOTICE_KIND = "通知"
PLAN_KIND = "方案"
MONTHLY_KIND = "月报"
ROLLUP_KIND = "汇总"
ROLLUP_XLSX_KIND = "汇总表"  # the roll-up as a spreadsheet: made by code, no template
SUMMARY_KIND = "总结"
COUNTY_SUMMARY_KIND = "县总结"
# Where a chart goes: the county summary's template has it as a variable; the renderer puts the image there.
CHART_MARKER = "〔图表：主要指标〕"


def notice_context(notice: Notice) -> dict[str, Any]:
    return notice.extra | {
        "发文机关": notice.organ,
        "发文机关标志": notice.mark,
        "发文字号": notice.number,
        "成文日期": notice.date,
        "标题": notice.title,
        "主送机关": notice.recipients,
        "抄送机关": notice.copies_to or "",
        "印发机关": notice.printer,
        "印发日期": notice.print_date,
        "联系人": notice.contact_person,
        "联系电话": notice.contact_phone,
        "电子邮箱": notice.contact_email or "",
    }


def campaign_context(campaign: Campaign, inputs: Inputs) -> dict[str, Any]:
    return campaign.extra | {
        "名称": campaign.name,
        "方案标题": campaign.plan_title,
        "开始日期": campaign.start,
        "结束日期": campaign.end,
        "牵头单位": campaign.lead_unit,
        "领导小组办公室": campaign.group_office,
        "领导小组成员单位": [u.name for u in inputs.leading_group],
        "方案报送截止": campaign.plan_due,
        "月报日": campaign.monthly_report_day,
        "总结报送截止": campaign.summary_due,
        "队伍最少人数": campaign.team_min,
        "队伍最多人数": campaign.team_max,
        "阶段": [
            {"名称": p.name, "开始日期": p.start, "结束日期": p.end, "工作内容": p.description or ""}
            for p in campaign.phases
        ],
        "月报日历": reporting_calendar(campaign),
    }


def reporting_calendar(campaign: Campaign) -> list[dict[str, Any]]:
    """Each month the campaign covers, the days it covers, and when its statistics are due.

    The first and last months may be partial (January 2018 starts on the 19th).
    """
    months = []
    for first in months_between(campaign.start, campaign.end):
        following = next_month(first)
        months.append(
            {
                "月份": first,
                "开始日期": max(first, campaign.start),
                "结束日期": min(following - dt.timedelta(days=1), campaign.end),
                "截止日期": following.replace(day=campaign.monthly_report_day),
            }
        )
    return months


def self_reference(unit: Unit) -> str:
    """How a unit names itself: 镇 (我镇、全镇), 乡, 区, 办, 局."""
    if unit.kind == "乡镇":
        return "乡" if unit.name.endswith("乡") else "镇"
    if unit.kind in ("区", "办"):
        return unit.kind
    return unit.name[-1] if unit.name[-1] in "局委办院" else "单位"


def balanced_title(head: str, tail: str) -> str:
    """One line if it fits; otherwise break between the unit's name and the rest (梯形, words kept whole)."""
    if len(head) + len(tail) <= gbt9704.TITLE_MAX_CHARS_PER_LINE:
        return head + tail
    return f"{head}\n{tail}"


def leader_rows(unit: Unit) -> list[dict[str, str]]:
    """The leading group as listed in a plan: the role once, then members aligned under it."""
    labels = {"组长": "组　长：", "副组长": "副组长：", "成员": "成　员："}
    rows = []
    for role in GROUP_ROLES:
        for i, leader in enumerate(lr for lr in unit.leaders if lr.role == role):
            rows.append(
                {
                    "标签": labels[role] if i == 0 else "\u3000" * 4,
                    "小组职务": role,
                    "姓名": leader.name,
                    "职务": leader.post,
                }
            )
    return rows


def unit_context(unit: Unit, campaign: Campaign, fallback_date: dt.date) -> dict[str, Any]:
    own = self_reference(unit)
    return unit.extra | {
        "名称": unit.name,
        "类型": unit.kind,
        "自称": f"我{own}",
        "全境": f"全{own}",
        "日常工作机构": unit.office or "",
        "方案日期": unit.plan_date or fallback_date,
        "方案标题": balanced_title(unit.name, f"{campaign.name}工作方案"),
        "领导小组": leader_rows(unit),
        # The template ends each item with its own full stop.
        "排查重点": [{"类别": f.category, "内容": f.detail.rstrip("。；;，,. ")} for f in unit.focus],
        "队伍": [
            t.extra | {"序号": i, "村": t.village, "队长": t.leader, "人数": t.size}
            for i, t in enumerate(unit.teams, start=1)
        ],
        "队伍总人数": sum(t.size for t in unit.teams),
    }


def units_context(inputs: Inputs) -> list[dict[str, Any]]:
    return [{"名称": u.name, "类型": u.kind, "领导小组成员单位": u.in_leading_group} for u in inputs.units]


def one_line(title: str) -> str:
    return "".join(title.split("\n"))


def notice_job(inputs: Inputs) -> DocumentJob:
    notice = inputs.notice
    title = one_line(notice.title)
    return DocumentJob(
        kind=NOTICE_KIND,
        unit=None,
        output=output_name([NOTICE_KIND], title, ".docx"),
        title=title,
        author=notice.organ,
        date_iso=f"{notice.date.isoformat()}T00:00:00Z",
        context={
            "发文": notice_context(notice),
            "活动": campaign_context(inputs.campaign, inputs),
            "单位": units_context(inputs),
        },
    )


def plan_job(inputs: Inputs, unit: Unit, shared: dict[str, Any] | None = None) -> DocumentJob:
    """A unit's 工作方案: its own data, plus the county facts it cites (slices only).

    `shared` holds the county part of the context, built once for all units.
    """
    campaign = inputs.campaign
    county = shared or plan_county_context(inputs)
    context = {**county, "单位": unit_context(unit, campaign, inputs.notice.date)}
    title = f"{unit.name}{campaign.name}工作方案"
    return DocumentJob(
        kind=PLAN_KIND,
        unit=unit.name,
        output=output_name([PLAN_KIND], title, ".docx"),
        title=title,
        author=unit.name,
        date_iso=f"{context['单位']['方案日期'].isoformat()}T00:00:00Z",
        context=context,
    )


def plan_county_context(inputs: Inputs) -> dict[str, Any]:
    return {
        # Only what a plan cites (and the clerk's own rows): a change to the notice's
        # contact block must not rebuild every plan.
        "发文": inputs.notice.extra | {"发文字号": inputs.notice.number, "发文机关": inputs.notice.organ},
        "活动": campaign_context(inputs.campaign, inputs),
    }


def statistics_months(inputs: Inputs) -> list[dt.date]:
    """The campaign's months up to the last one anyone has reported: the sheets worth making."""
    if not inputs.reports:
        return []
    last = max(r.month for r in inputs.reports)
    return [m for m in campaign_months(inputs.campaign) if m <= last]


def _period(inputs: Inputs, month: dt.date) -> dict[str, Any]:
    calendar = {entry["月份"]: entry for entry in reporting_calendar(inputs.campaign)}
    entry = calendar[month]
    return {"月份": month, "开始日期": entry["开始日期"], "结束日期": entry["结束日期"], "截止日期": entry["截止日期"]}


def monthly_job(inputs: Inputs, unit: Unit, month: dt.date, county: dict[str, Any]) -> DocumentJob:
    """One unit's statistics sheet for one month: 本月 and 累计 (since the campaign's start)."""
    report = report_of(inputs.reports, unit.name, month)
    total = cumulative(inputs.reports, unit.name, month, inputs.metrics)
    rows, previous_group = [], None
    for metric in inputs.metrics:
        rows.append(
            {
                "分组": metric.group if metric.group != previous_group else "",
                "指标": metric.name,
                "单位": metric.unit,
                "本月": format_figure(report.values[metric.name], metric) if report else "",
                "累计": format_figure(total.values[metric.name], metric),
            }
        )
        previous_group = metric.group
    context = {
        **county,
        "单位": {"名称": unit.name, "类型": unit.kind},
        "统计": {**_period(inputs, month), "已报送": report is not None, "累计月数": total.reported_months, "行": rows},
    }
    name = month_name(month)
    return DocumentJob(
        kind=MONTHLY_KIND,
        unit=unit.name,
        output=output_name(["统计", name], f"{unit.name}{name}统计报表", ".docx"),
        title=f"{unit.name}{inputs.campaign.name}情况统计报表（{name}）",
        author=unit.name,
        date_iso=f"{_period(inputs, month)['截止日期'].isoformat()}T00:00:00Z",
        context=context,
    )


def rollup_context(inputs: Inputs, month: dt.date) -> dict[str, Any]:
    """All units for one month, by metric group: rows of units, a 合计 over those who reported."""
    reports = {u.name: report_of(inputs.reports, u.name, month) for u in inputs.units}
    reported = [name for name, r in reports.items() if r is not None]
    groups: dict[str, list[Metric]] = {}
    for metric in inputs.metrics:
        groups.setdefault(metric.group, []).append(metric)
    out = []
    for group, metrics in groups.items():
        rows = []
        for unit in inputs.units:
            report = reports[unit.name]
            values = [format_figure(report.values[m.name], m) if report else "未报送" for m in metrics]
            rows.append({"单位": unit.name, "已报送": report is not None, "值": values})
        totals = [
            format_figure(sum((r.values[m.name] for r in reports.values() if r is not None), Decimal(0)), m)
            for m in metrics
        ]
        out.append(
            {"名称": group, "指标": [{"名称": m.name, "单位": m.unit} for m in metrics], "行": rows, "合计": totals}
        )
    return {
        "已报送数": len(reported),
        "未报送数": len(inputs.units) - len(reported),
        "未报送单位": [name for name, r in reports.items() if r is None],
        "分组": out,
    }


def rollup_job(inputs: Inputs, month: dt.date, county: dict[str, Any]) -> DocumentJob:
    """The county's roll-up of one month (its spreadsheet is the registry's twin of it)."""
    name = month_name(month)
    context = {**county, "统计": _period(inputs, month), "汇总": rollup_context(inputs, month)}
    return DocumentJob(
        kind=ROLLUP_KIND,
        unit=None,
        output=output_name(["统计", name], f"全县汇总表{name}", ".docx"),
        title=f"{inputs.campaign.name}情况统计汇总表（{name}）",
        author=inputs.campaign.group_office,
        date_iso=f"{_period(inputs, month)['截止日期'].isoformat()}T00:00:00Z",
        context=context,
    )


def county_name(inputs: Inputs) -> str:
    """永清县, from the county plan's title (永清县打击传销活动大排查实施方案)."""
    title = inputs.campaign.plan_title
    head = title.split(inputs.campaign.name)[0] if inputs.campaign.name in title else ""
    return head or inputs.notice.organ.replace("人民政府办公室", "").replace("人民政府", "")


def summary_jobs(inputs: Inputs, county: dict[str, Any]) -> list[DocumentJob]:
    """A 工作总结 per unit, figures from the monthly statistics (none before anyone has reported)."""
    if not inputs.reports:
        return []
    date = summary_date(inputs)
    jobs = []
    for unit in inputs.units:
        own = self_reference(unit)
        title = f"{unit.name}{inputs.campaign.name}工作总结"
        context = {
            **county,
            "单位": {
                "名称": unit.name,
                "类型": unit.kind,
                "自称": f"我{own}",
                "全境": f"全{own}",
                "总结标题": balanced_title(unit.name, f"{inputs.campaign.name}工作总结"),
            },
            "总结": {**unit_summary_context(inputs, unit.name, f"全{own}"), "日期": date},
        }
        jobs.append(
            DocumentJob(
                kind=SUMMARY_KIND,
                unit=unit.name,
                output=output_name(["总结"], title, ".docx"),
                title=title,
                author=unit.name,
                date_iso=f"{date.isoformat()}T00:00:00Z",
                context=context,
            )
        )
    return jobs


def county_summary_jobs(inputs: Inputs, county: dict[str, Any]) -> list[DocumentJob]:
    """The county's own 工作总结: its figures, ranking, month-by-month table and chart."""
    if not inputs.reports:
        return []
    name = county_name(inputs)
    title = f"{name}{inputs.campaign.name}工作总结"
    context = {
        **county,
        "县": {"名称": name, "总结标题": balanced_title(name, f"{inputs.campaign.name}工作总结")},
        "总结": {**county_summary_context(inputs), "日期": inputs.campaign.summary_due, "图表": CHART_MARKER},
    }
    return [
        DocumentJob(
            kind=COUNTY_SUMMARY_KIND,
            unit=None,
            output=output_name(["总结"], title, ".docx"),
            title=title,
            author=inputs.campaign.group_office,
            date_iso=f"{inputs.campaign.summary_due.isoformat()}T00:00:00Z",
            context=context,
        )
    ]


def _monthly_jobs(inputs: Inputs, shared: Shared) -> list[DocumentJob]:
    return [monthly_job(inputs, unit, month, shared) for month in statistics_months(inputs) for unit in inputs.units]


def _rollup_jobs(inputs: Inputs, shared: Shared) -> list[DocumentJob]:
    return [rollup_job(inputs, month, shared) for month in statistics_months(inputs)]


def _chart(context: Mapping[str, Any]) -> bytes:
    return cached_chart_png(context["总结"]["图表数据"])


registry.register(DocumentKind(NOTICE_KIND, "县级印发通知（含实施方案）", lambda inputs, _: [notice_job(inputs)]))


def _plan_jobs(inputs: Inputs, county: Shared) -> list[DocumentJob]:
    return [plan_job(inputs, unit, county) for unit in inputs.units]


registry.register(DocumentKind(PLAN_KIND, "各单位工作方案", _plan_jobs))
registry.register(DocumentKind(MONTHLY_KIND, "各单位每月统计报表", _monthly_jobs))
registry.register(DocumentKind(ROLLUP_KIND, "全县每月统计汇总表", _rollup_jobs))
registry.register(
    DocumentKind(ROLLUP_XLSX_KIND, "全县每月统计汇总表（Excel）", writer="rollup_xlsx", twin=Twin(ROLLUP_KIND, ".xlsx"))
)
registry.register(DocumentKind(SUMMARY_KIND, "各单位工作总结", summary_jobs))
registry.register(
    DocumentKind(
        COUNTY_SUMMARY_KIND,
        "全县工作总结（含图表）",
        county_summary_jobs,
        picture=Picture(CHART_MARKER, "chart1", CHART_WIDTH_MM, CHART_HEIGHT_MM, _chart),
    )
)


def plan_jobs(inputs: Inputs) -> list[DocumentJob]:
    """Every document the workspace defines, in build order."""
    return registry.plan_jobs(inputs, plan_county_context)
