"""Compose each document's template context from the typed model.

Template variables are Chinese, so that a clerk reading a template sees
``{{ 发文.成文日期|日期 }}``. Every variable is described here once; the
descriptions feed the docs and `gongwen templates vars` (planned).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model import Campaign, Inputs, Notice


@dataclass(frozen=True)
class DocumentJob:
    """One document to make: which template, where it goes, from what."""

    kind: str  # template kind, e.g. 通知
    output: str  # path relative to output/, with "/" separators
    title: str  # for the core properties
    author: str
    date_iso: str  # for the core properties: the document's own date
    context: dict[str, Any]


def notice_context(notice: Notice) -> dict[str, Any]:
    return {
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
    return {
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
        "阶段": [{"名称": p.name, "开始日期": p.start, "结束日期": p.end} for p in campaign.phases],
    }


def units_context(inputs: Inputs) -> list[dict[str, Any]]:
    return [{"名称": u.name, "类型": u.kind, "领导小组成员单位": u.in_leading_group} for u in inputs.units]


def one_line(title: str) -> str:
    return "".join(title.split("\n"))


def notice_job(inputs: Inputs) -> DocumentJob:
    notice = inputs.notice
    title = one_line(notice.title)
    return DocumentJob(
        kind="通知",
        output=f"通知/{title}.docx",
        title=title,
        author=notice.organ,
        date_iso=f"{notice.date.isoformat()}T00:00:00Z",
        context={
            "发文": notice_context(notice),
            "活动": campaign_context(inputs.campaign, inputs),
            "单位": units_context(inputs),
        },
    )


def plan_jobs(inputs: Inputs) -> list[DocumentJob]:
    """Every document the workspace defines, in build order."""
    return [notice_job(inputs)]
