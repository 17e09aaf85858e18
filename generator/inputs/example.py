"""The 永清县 example workbook, written from code.

``python -m generator.example inputs/活动数据.xlsx`` rewrites the committed
example; tests call :func:`write_workbook` with overrides to make variants
(broken ones included). The notice's own facts are those of the real
永政办〔2018〕15号; everything the notice does not say (e-mail address, 抄送,
units' details) is invented sample data.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    FOCUS_SHEET,
    FORM_HELP_COLUMN,
    FORM_NAME_COLUMN,
    FORM_VALUE_COLUMN,
    LEADERS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    REPORT_MONTH_COLUMN,
    REPORT_UNIT_COLUMN,
    REPORTS_SHEET_NAME,
    SUMMARY_SHEET,
    TEAMS_SHEET,
    UNITS_SHEET,
    SheetSpec,
)

D = dt.date

NOTICE: dict[str, Any] = {
    "发文机关": "永清县人民政府办公室",
    "发文机关标志": "永清县人民政府办公室文件",
    "发文字号": "永政办〔2018〕15号",
    "成文日期": D(2018, 1, 22),
    "标题": "永清县人民政府办公室关于印发\n永清县打击传销活动大排查实施方案的通知",
    "主送机关": "各乡镇（区、办），县政府有关部门",
    "抄送机关": "县委办公室，县人大常委会办公室，县政协办公室",
    "印发机关": "永清县人民政府办公室",
    "印发日期": D(2018, 1, 22),
    "联系人": "刘卫兵",
    "联系电话": "0316-6681122、6681123（传真）",
    # The published page hid the address; this one is a placeholder.
    "电子邮箱": "yqdachuanban@163.com",
}

CAMPAIGN: dict[str, Any] = {
    "活动名称": "打击传销活动大排查",
    "方案标题": "永清县打击传销活动大排查实施方案",
    "开始日期": D(2018, 1, 19),
    "结束日期": D(2018, 3, 31),
    "牵头单位": "县工商和食药监局",
    "领导小组办公室": "县打击传销领导小组办公室",
    # As in the real notice: three days before the notice's own date.
    "方案报送截止": D(2018, 1, 19),
    "月报日": 2,
    "总结报送截止": D(2018, 4, 1),
    "队伍最少人数": 20,
    "队伍最多人数": 30,
}

PHASES: list[list[Any]] = [
    [
        "线索排查阶段",
        D(2018, 1, 19),
        D(2018, 1, 23),
        "对辖区内出租房屋、流动人口和各类重点场所逐一摸底登记，建立台账，确保不留死角。",
    ],
    [
        "集中打击阶段",
        D(2018, 1, 24),
        D(2018, 3, 25),
        "配合公安、工商和食药监等部门端窝点、抓头目，遣散参与传销人员，发现一起、查处一起。",
    ],
    [
        "巩固总结阶段",
        D(2018, 3, 26),
        D(2018, 3, 31),
        "对排查打击情况进行回头看，查漏补缺，总结经验，完善长效机制，按时报送工作总结。",
    ],
]

# name, kind, in the county leading group, office of the unit's own group, plan date
UNITS: list[list[Any]] = [
    ["永清镇", "乡镇", None, "镇综治办", D(2018, 1, 23)],
    ["韩村镇", "乡镇", None, "镇综治办", D(2018, 1, 23)],
    ["后奕镇", "乡镇", None, "镇综治办", D(2018, 1, 24)],
    ["别古庄镇", "乡镇", None, "镇综治办", D(2018, 1, 23)],
    ["里澜城镇", "乡镇", None, "镇综治办", D(2018, 1, 24)],
    ["管家务回族乡", "乡镇", None, "乡综治办", D(2018, 1, 23)],
    ["曹家务乡", "乡镇", None, "乡综治办", D(2018, 1, 24)],
    ["龙虎庄乡", "乡镇", None, "乡综治办", D(2018, 1, 23)],
    ["刘街乡", "乡镇", None, "乡综治办", D(2018, 1, 24)],
    ["三圣口乡", "乡镇", None, "乡综治办", D(2018, 1, 23)],
    ["永清经济开发区", "区", None, "管委会综合办公室", D(2018, 1, 24)],
    ["永清台湾工业新城", "区", None, "管委会综合办公室", D(2018, 1, 24)],
    ["县公安局", "部门", "是", "局治安管理大队", D(2018, 1, 23)],
    ["县工商和食药监局", "部门", "是", "局市场规范管理股", D(2018, 1, 22)],
    ["县教育局", "部门", "是", "局办公室", D(2018, 1, 24)],
    ["县人社局", "部门", "是", "局办公室", D(2018, 1, 24)],
    ["县司法局", "部门", None, "局办公室", D(2018, 1, 24)],
    ["县民政局", "部门", None, "局办公室", D(2018, 1, 24)],
]

# --- Invented people and places for every unit (sample data) -------------------

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
_GIVEN = [
    "建国", "志强", "海涛", "文静", "立新", "春燕", "振华", "秀英", "国庆", "红梅", "伟东", "丽娟", "明亮",
    "晓光", "玉兰", "保平", "金生", "瑞芳", "德胜", "凤霞", "卫民", "爱华", "永刚", "桂香", "学军", "淑珍",
    "长江", "雪梅", "树林", "俊峰", "春生", "晓红", "宏伟", "翠萍", "兴旺", "彦军",
]  # fmt: skip
_VILLAGE_STEMS = [
    "东辛庄", "西营", "南关", "北留", "大营", "小务", "前所", "后屯", "王家务", "李各庄", "张庄子", "刘家营",
    "辛屯", "马房", "孙各庄", "杨家营", "周庄", "吴家坊", "郑营", "冯家务", "陈辛庄", "褚河", "魏家坊", "蒋庄",
    "沈营", "韩家营", "朱家务", "秦各庄", "尤家务", "许屯", "何庄子", "吕营", "施家务", "孔庄", "严家营", "华庄",
    "金屯", "陶家务", "姜庄", "谢家营", "邹家务", "柏庄", "窦庄", "章家务", "云屯", "苏家营", "潘庄", "葛屯",
]  # fmt: skip
_ZONE_COMMUNITIES = ["园区一社区", "园区二社区", "新城东社区", "新城西社区"]


def _people() -> Any:
    """Invented names, each used once across the whole example."""
    for i in range(len(_SURNAMES) * len(_GIVEN)):
        yield _SURNAMES[(i * 7) % len(_SURNAMES)] + _GIVEN[(i * 5 + i // len(_GIVEN)) % len(_GIVEN)]


def _example_details() -> tuple[list[list[Any]], list[list[Any]], list[list[Any]]]:
    people = iter(dict.fromkeys(_people()))  # unique names, stable order
    villages = iter(_VILLAGE_STEMS)
    communities = iter(_ZONE_COMMUNITIES)
    leaders: list[list[Any]] = []
    focus: list[list[Any]] = []
    teams: list[list[Any]] = []
    for index, (unit, kind, _, _, _) in enumerate(UNITS):
        if kind == "乡镇":
            level = "乡" if unit.endswith("乡") else "镇"
            posts = [
                ("组长", f"{level}党委副书记、{level}长"),
                ("副组长", f"{level}党委委员、政法委员"),
                ("副组长", f"{level}派出所所长"),
                ("副组长", "工商和食药监所所长"),
                ("成员", f"{level}综治办主任"),
                ("成员", f"{level}司法所所长"),
                ("成员", f"{level}民政办主任"),
            ]
            own = [next(villages) + "村" for _ in range(3 + index % 3)]
            focus += [
                [unit, "城乡结合部", f"{level}区与{own[0]}、{own[1]}交界地带"],
                [unit, "出租房屋", f"{level}区及{own[-1]}一带出租房屋，逐户登记承租人员"],
                [unit, "宾馆旅店", f"{level}区及{own[0]}周边宾馆、旅店、招待所"],
                [unit, "闲置厂房", f"{own[1]}、{own[-1]}闲置厂房和废弃院落"],
            ]
        elif kind == "区":
            posts = [
                ("组长", "管委会主任"),
                ("副组长", "管委会副主任"),
                ("副组长", "园区派出所所长"),
                ("成员", "管委会综合办公室主任"),
                ("成员", "管委会安全生产监管科科长"),
            ]
            own = [next(communities), next(communities)]
            focus += [
                [unit, "企业宿舍", f"{own[0]}企业职工宿舍和外来务工人员集中居住区"],
                [unit, "出租房屋", f"{own[0]}、{own[1]}出租房屋"],
                [unit, "闲置厂房", f"{own[1]}周边停产、半停产企业闲置厂房"],
            ]
        else:
            posts = [("组长", "局长"), ("副组长", "副局长"), ("成员", "办公室主任"), ("成员", "业务股室负责人")]
            own = []
            focus += [[unit, "职责范围", f"{unit}职责范围内的传销线索核查和配合打击工作"]]
        for role, post in posts:
            leaders.append([unit, role, next(people), post])
        for j, village in enumerate(own):
            teams.append([unit, village, next(people), 20 + (index * 3 + j * 4) % 11])
    return leaders, focus, teams


LEADERS, FOCUS, TEAMS = _example_details()

# The metrics of the monthly sheet, as real reports of such campaigns group them.
METRICS: list[list[Any]] = [
    ["组织发动", "召开专题会议", "次", "整数"],
    ["组织发动", "组建排查队伍", "支", "整数"],
    ["组织发动", "排查队伍人数", "人", "整数"],
    ["组织发动", "出动排查人员", "人次", "整数", "是"],
    ["组织发动", "出动车辆", "台次", "整数"],
    ["摸底排查", "排查村街（社区）", "个", "整数"],
    ["摸底排查", "排查出租房屋", "户", "整数", "是"],
    ["摸底排查", "排查宾馆、旅店、招待所", "家", "整数"],
    ["摸底排查", "排查其他重点场所", "处", "整数"],
    ["摸底排查", "登记流动人口", "人", "整数"],
    ["摸底排查", "签订出租房屋责任书", "份", "整数"],
    ["线索与打击", "受理举报投诉", "件", "整数"],
    ["线索与打击", "核查线索", "条", "整数"],
    ["线索与打击", "发现传销窝点", "处", "整数"],
    ["线索与打击", "捣毁传销窝点", "处", "整数", "是"],
    ["线索与打击", "查获涉传人员", "人", "整数"],
    ["线索与打击", "教育遣散传销人员", "人", "整数", "是"],
    ["线索与打击", "解救受骗群众", "人", "整数"],
    ["线索与打击", "录入打传信息系统", "人", "整数"],
    ["案件查处", "立案查处传销案件", "件", "整数"],
    ["案件查处", "行政处罚", "件", "整数"],
    ["案件查处", "罚没款", "万元", "小数"],
    ["案件查处", "移送公安机关案件", "件", "整数"],
    ["案件查处", "刑事拘留", "人", "整数"],
    ["案件查处", "行政拘留", "人", "整数"],
    ["案件查处", "涉案金额", "万元", "小数"],
    ["宣传教育", "开展宣传活动", "次", "整数"],
    ["宣传教育", "发放宣传资料", "份", "整数"],
    ["宣传教育", "悬挂横幅、张贴标语", "条", "整数"],
    ["宣传教育", "接受群众咨询", "人次", "整数"],
    ["长效机制", "创建“无传销社区（村）”", "个", "整数"],
]

# Typical magnitude of each metric for one township-month (sample data).
_MAGNITUDE = {
    "召开专题会议": 3, "组建排查队伍": 4, "排查队伍人数": 90, "出动排查人员": 60, "出动车辆": 12,
    "排查村街（社区）": 12, "排查出租房屋": 150, "排查宾馆、旅店、招待所": 8, "排查其他重点场所": 10,
    "登记流动人口": 200, "签订出租房屋责任书": 60, "受理举报投诉": 3, "核查线索": 4, "发现传销窝点": 2,
    "查获涉传人员": 12, "教育遣散传销人员": 10, "解救受骗群众": 3, "录入打传信息系统": 10,
    "开展宣传活动": 3, "发放宣传资料": 400, "悬挂横幅、张贴标语": 20, "接受群众咨询": 40,
    "创建“无传销社区（村）”": 1,
}  # fmt: skip
REPORT_MONTHS = [D(2018, 1, 1), D(2018, 2, 1), D(2018, 3, 1)]
MISSING_REPORT = ("三圣口乡", D(2018, 2, 1))  # one unit did not report in February: 未报送
NO_DENS = "曹家务乡"  # found no 传销窝点 all campaign: its summary says 未发现


def _example_reports() -> list[list[Any]]:
    import random

    rows: list[list[Any]] = []
    for unit, kind, *_ in UNITS:
        scale = 1.0 if kind != "部门" else 0.4
        for month in REPORT_MONTHS:
            if (unit, month) == MISSING_REPORT:
                continue
            rng = random.Random(f"{unit}{month}")
            part = 0.45 if month.month == 1 else 1.0  # January starts on the 19th
            values: dict[str, Any] = {}
            for _, name, *_ in METRICS:
                base = _MAGNITUDE.get(name, 0) * scale * part
                values[name] = max(0, round(base * rng.uniform(0.5, 1.5))) if base else 0
            if unit == NO_DENS or kind == "部门":
                values["发现传销窝点"] = 0
            values["捣毁传销窝点"] = min(values["发现传销窝点"], values["发现传销窝点"] - rng.randint(0, 1))
            values["捣毁传销窝点"] = max(0, values["捣毁传销窝点"])
            if values["发现传销窝点"] == 0:
                values["查获涉传人员"] = values["教育遣散传销人员"] = values["解救受骗群众"] = 0
            values["录入打传信息系统"] = values["查获涉传人员"]
            cases = 1 if values["捣毁传销窝点"] >= 2 and rng.random() < 0.5 else 0
            values["立案查处传销案件"] = values["行政处罚"] = cases
            values["移送公安机关案件"] = cases if rng.random() < 0.5 else 0
            values["刑事拘留"] = values["移送公安机关案件"] * rng.randint(1, 3)
            values["行政拘留"] = cases * rng.randint(0, 2)
            values["罚没款"] = round(cases * rng.uniform(0.5, 3.0), 2)
            values["涉案金额"] = round(cases * rng.uniform(5, 40), 2)
            rows.append([unit, month, *(values[name] for _, name, *_ in METRICS)])
    return rows


REPORTS = _example_reports()


def _example_summary() -> list[list[Any]]:
    """The narrative of every unit's summary and the county's (invented, plausible)."""
    rows: list[list[Any]] = []
    villages: dict[str, list[str]] = {}
    for unit, village, *_ in TEAMS:
        villages.setdefault(unit, []).append(village)
    for i, (unit, kind, *_) in enumerate(UNITS):
        own = villages.get(unit, [])
        where = "、".join(own[:2]) if own else "系统内"
        level = "镇" if unit.endswith("镇") else "乡" if unit.endswith("乡") else "区" if kind == "区" else "局"
        rows += [
            [
                unit,
                "主要做法",
                "强化组织领导",
                f"第一时间成立打击传销领导小组，主要负责同志任组长，召开专题会议研究部署，把排查任务分解到{where}等责任单位和具体人员",
            ],
            [
                unit,
                "主要做法",
                "开展拉网排查",
                f"对{where}等重点区域的出租房屋、宾馆旅店逐户逐间排查，建立排查台账，做到不漏一户、不留死角",
            ],
            [
                unit,
                "主要做法",
                "加强宣传教育",
                "利用集市、村（居）广播和微信群宣传传销危害，公布举报电话，群众识别和抵制传销的意识明显提高",
            ],
        ]
        if kind != "部门" and i % 3 == 0:
            rows.append(
                [
                    unit,
                    "典型案例",
                    "快速处置举报线索",
                    f"接到群众举报后，{level}打传办会同派出所连夜核查，当场教育遣散参与人员，未发生群体性事件",
                ]
            )
        rows += [
            [unit, "存在问题", None, "部分出租房屋房主登记意识不强，流动人口底数变化快，排查工作还需常态化"],
            [unit, "存在问题", None, "打传队伍成员兼职较多，业务培训不够，发现传销线索的能力有待提高"],
            [unit, "下一步打算", None, f"巩固排查成果，把打击传销纳入{level}综治工作日常考核"],
            [unit, "下一步打算", None, "完善出租房屋和流动人口动态管理，做到发现一起、处置一起"],
        ]
    rows += [
        [
            "全县",
            "主要做法",
            "高位统筹推动",
            "县政府成立打击传销领导小组，召开全县动员会，印发实施方案，明确各乡镇（区、办）和部门职责",
        ],
        [
            "全县",
            "主要做法",
            "部门协同作战",
            "公安、工商和食药监等部门建立信息互通和联合执法机制，对重点线索联合研判、统一行动",
        ],
        ["全县", "主要做法", "坚持月报督导", "实行每月统计报表制度，县打传办逐月汇总通报，对报送不及时的单位督促整改"],
        ["全县", "存在问题", None, "个别单位报表报送不及时，基层打传队伍力量和能力不平衡"],
        ["全县", "下一步打算", None, "建立打击传销长效机制，把排查工作纳入网格化管理，保持高压态势"],
        ["全县", "下一步打算", None, "加强督导考核，对工作不力的单位通报批评，确保全县无传销成果持续巩固"],
    ]
    return rows


SUMMARY = _example_summary()

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _form_sheet(wb: Workbook, spec: SheetSpec, values: Mapping[str, Any]) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append([FORM_NAME_COLUMN, FORM_VALUE_COLUMN, FORM_HELP_COLUMN])
    for f in spec.fields:
        if f.name in values:
            ws.append([f.name, values[f.name], f.help or None])
    known = {f.name for f in spec.fields}
    for name, value in values.items():  # rows the clerk adds: template variables of their own
        if name not in known:
            ws.append([name, value, "自行添加的项目，模板中可用"])
    _format(ws, [14, 48, 50])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(wb: Workbook, spec: SheetSpec, rows: Sequence[Sequence[Any]], header: Sequence[str] | None) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append(list(header or [f.name for f in spec.fields]))
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    _format(ws, [max(12, min(60, 2 * max(len(str(c.value or "")) for c in col) + 2)) for col in ws.iter_cols()])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def _reports_sheet(
    wb: Workbook, metrics: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]], header: Sequence[str] | None
) -> None:
    """单位名称 | 月份 | one column per metric: the clerk types figures here, or `gongwen collect` does."""
    ws = wb.create_sheet(REPORTS_SHEET_NAME)
    ws.append(list(header or [REPORT_UNIT_COLUMN, REPORT_MONTH_COLUMN, *(m[1] for m in metrics)]))
    for row in rows:
        ws.append(list(row))
    _format(ws, [14, 10, *([10] * len(metrics))])
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, dt.date):
            cell.number_format = 'yyyy"年"m"月"'


def _format(ws: Any, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"


def write_workbook(
    path: Path,
    *,
    notice: Mapping[str, Any] | None = None,
    campaign: Mapping[str, Any] | None = None,
    phases: Sequence[Sequence[Any]] | None = None,
    units: Sequence[Sequence[Any]] | None = None,
    leaders: Sequence[Sequence[Any]] | None = None,
    focus: Sequence[Sequence[Any]] | None = None,
    teams: Sequence[Sequence[Any]] | None = None,
    metrics: Sequence[Sequence[Any]] | None = None,
    reports: Sequence[Sequence[Any]] | None = None,
    summary: Sequence[Sequence[Any]] | None = None,
    omit_sheets: Sequence[str] = (),
    table_headers: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write the example workbook; keyword arguments replace parts of it.

    In `notice`/`campaign`, a value of ``None`` removes that row.
    """
    wb = Workbook()
    wb.remove(wb.active)
    headers = table_headers or {}
    sheets: dict[str, Callable[[], None]] = {
        NOTICE_SHEET.name: lambda: _form_sheet(wb, NOTICE_SHEET, _merge(NOTICE, notice)),
        CAMPAIGN_SHEET.name: lambda: _form_sheet(wb, CAMPAIGN_SHEET, _merge(CAMPAIGN, campaign)),
        PHASES_SHEET.name: lambda: _table_sheet(
            wb, PHASES_SHEET, PHASES if phases is None else phases, headers.get(PHASES_SHEET.name)
        ),
        UNITS_SHEET.name: lambda: _table_sheet(
            wb, UNITS_SHEET, UNITS if units is None else units, headers.get(UNITS_SHEET.name)
        ),
        LEADERS_SHEET.name: lambda: _table_sheet(
            wb, LEADERS_SHEET, LEADERS if leaders is None else leaders, headers.get(LEADERS_SHEET.name)
        ),
        FOCUS_SHEET.name: lambda: _table_sheet(
            wb, FOCUS_SHEET, FOCUS if focus is None else focus, headers.get(FOCUS_SHEET.name)
        ),
        TEAMS_SHEET.name: lambda: _table_sheet(
            wb, TEAMS_SHEET, TEAMS if teams is None else teams, headers.get(TEAMS_SHEET.name)
        ),
        METRICS_SHEET.name: lambda: _table_sheet(
            wb, METRICS_SHEET, METRICS if metrics is None else metrics, headers.get(METRICS_SHEET.name)
        ),
        SUMMARY_SHEET.name: lambda: _table_sheet(
            wb, SUMMARY_SHEET, SUMMARY if summary is None else summary, headers.get(SUMMARY_SHEET.name)
        ),
        REPORTS_SHEET_NAME: lambda: _reports_sheet(
            wb, METRICS if metrics is None else metrics, REPORTS if reports is None else reports,
            headers.get(REPORTS_SHEET_NAME),
        ),
    }  # fmt: skip
    for name, make in sheets.items():
        if name not in omit_sheets:
            make()
    _text_stays_text(wb)
    fixed = dt.datetime(2018, 1, 22)
    wb.properties.creator = "gongwen"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _text_stays_text(wb: Any) -> None:
    """A name such as "=1镇" is text, as a clerk typing it means it, not a formula."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type, cell.quotePrefix = "s", True


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(base)
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


if __name__ == "__main__":
    # The bundled example and the repository root's example workspace (CI checks they are the same).
    package = Path(__file__).resolve().parent.parent
    default = [package / "_bundled" / "inputs" / "活动数据.xlsx", package.parent / "inputs" / "活动数据.xlsx"]
    for target in [Path(sys.argv[1])] if len(sys.argv) > 1 else default:
        print(write_workbook(target))
