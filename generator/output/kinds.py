"""The document kinds the engine makes: one declaration each, all of them here.

A declaration (registry.DocumentKind) names what documents/ composes for the kind (its jobs and
context record, documents/kinds.py and contexts.py), what output/ writes for a kind made by code
(the roll-up's spreadsheet: rollup.rollup_xlsx), its default file and folder, and what 核稿 checks
of its documents. It lives in output/, the lowest stage that can name all of these; the batch
renderer imports it, so every process that builds (pool workers included) and every caller of
`pipeline.document_kinds()` sees the same kinds. Adding a kind is one `register` call here and
its template.
"""

from __future__ import annotations

from operator import attrgetter

from generator.documents import registry
from generator.documents.contexts import (
    PERIOD_LABEL,
    CampaignSummaryContext,
    NoticeContext,
    PlanContext,
    RollupContext,
    SheetContext,
    UnitSummaryContext,
)
from generator.documents.kinds import (
    CHART_MARKER,
    all_reports,
    campaign_summary_jobs,
    chart_rows,
    form_context,
    notice_jobs,
    period_reports,
    plan_jobs_of,
    rollup_jobs,
    sheet_jobs,
    summary_jobs,
    unit_reports,
)
from generator.documents.registry import Charts, Cumulative, Deadline, DocumentKind, Twin
from generator.inputs.model import Campaign


def _rollup_xlsx(job: registry.DocumentJob, heading: str) -> bytes:
    """The 汇总表's writer, output/rollup.py, imported when a roll-up's spreadsheet is made: a build
    that makes none does not load the spreadsheet writer (about 5 ms of its start)."""
    from generator.output.rollup import rollup_xlsx

    return rollup_xlsx(job, heading)


_PERIOD_FOLDER = "统计/{统计.期别}"
# A statistics sheet's 累计 leaves out the periods its unit did not report: 统计.累计说明 says which.
SHEET_CUMULATIVE = Cumulative(
    "统计.行", "统计.累计说明", told_by=("统计.累计说明", "统计.累计期数"), period=PERIOD_LABEL
)
# The 活动 sheet's deadlines, as 核稿 compares documents' dates with them.
PLAN_DUE = Deadline("方案报送截止", "方案", "工作方案", attrgetter("plan_due"))
SUMMARY_DUE = Deadline("总结报送截止", "总结", "工作总结", attrgetter("summary_due"), after_data=True)
# The campaign's own, to the level above, when its notice states them (汇总后于每月5日前报市).
OWN_SUMMARY_DUE = Deadline(
    "总结上报截止", "总结", "本级工作总结", attrgetter("own_summary_due"), after_data=True, said="总结上报截止日期"
)
ROLLUP_DUE = Deadline(
    "汇总上报日", "汇总表", "统计汇总表", lambda campaign: None, of_period=Campaign.rollup_due,
    said="本期上报期限（「活动」表「汇总上报日」）", dated="制表日期",
)  # fmt: skip

NOTICE = registry.register(
    DocumentKind(
        "通知", "印发通知（含实施方案）", notice_jobs, NoticeContext,
        default_file="{发文.标题}", default_folder="通知", sets=PLAN_DUE, states=(SUMMARY_DUE,),
    )
)  # fmt: skip
PLAN = registry.register(
    DocumentKind(
        "方案", "各单位的工作方案（每个单位一份）", plan_jobs_of, PlanContext,
        default_file="{单位.名称}{活动.名称}工作方案", default_folder="方案",
        due=PLAN_DUE, dated_by="「单位」表的「方案日期」", states=(SUMMARY_DUE,),
    )
)  # fmt: skip
REPORT = registry.register(
    DocumentKind(
        "报表", "各单位每期的统计报表", sheet_jobs, SheetContext, periodic=True, forms=form_context,
        default_file="{单位.名称}{统计.期别}统计报表", default_folder=_PERIOD_FOLDER, cumulative=SHEET_CUMULATIVE,
    )
)  # fmt: skip
ROLLUP = registry.register(
    DocumentKind(
        "汇总", "每期的统计汇总表（各单位本期数、合计）", rollup_jobs, RollupContext, periodic=True,
        quotes=period_reports, due=ROLLUP_DUE,
        default_file="{活动.范围}汇总表{统计.期别}", default_folder=_PERIOD_FOLDER,
    )
)  # fmt: skip
ROLLUP_SPREADSHEET = registry.register(
    DocumentKind(
        "汇总表", "每期的统计汇总表（Excel）", periodic=True, writer=_rollup_xlsx, twin=Twin(ROLLUP.name, ".xlsx"),
        reads=("汇总", "统计"),  # what rollup_xlsx reads; its title reads what the roll-up template's title does
    )
)  # fmt: skip
UNIT_SUMMARY = registry.register(
    DocumentKind(
        "总结", "各单位的工作总结（数字取自统计报表）", summary_jobs, UnitSummaryContext, quotes=unit_reports,
        default_file="{单位.名称}{活动.名称}工作总结", default_folder="总结", unit_problems=True,
        due=SUMMARY_DUE, dated_by="各单位的总结落款为「活动」表的「结束日期」，或本单位最后一份报表的填报日期",
    )
)  # fmt: skip
CAMPAIGN_SUMMARY = registry.register(
    DocumentKind(
        "总体总结", "本级的工作总结（合计、逐期对比、图表、各单位排名）", campaign_summary_jobs,
        CampaignSummaryContext, charts=Charts(CHART_MARKER, chart_rows, reads=("总结.图表数据",)), quotes=all_reports,
        due=OWN_SUMMARY_DUE,
        default_file="{本级.名称}{活动.名称}工作总结", default_folder="总结",
    )
)  # fmt: skip
