"""The 永清县 example workbook, written from code.

``python -m examples.build`` rewrites the committed example; tests call :func:`write_workbook` with overrides to make variants
(broken ones included). The notice's own facts are those of the real
永政办〔2018〕15号; everything the notice does not say (e-mail address, 抄送,
units' details) is invented sample data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

from examples.sheets import field_names, form_sheet, format_sheet, merge_rows, save_workbook, table_sheet
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    CHECKS_SHEET,
    DOCUMENTS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    REPORT_FOOTER_COLUMNS,
    REPORT_PERIOD_COLUMN,
    REPORT_UNIT_COLUMN,
    REPORTS_SHEET_NAME,
    RULES_SHEET,
    SUMMARY_SHEET,
    UNIT_TYPES_SHEET,
    UNITS_SHEET,
)

D = dt.date

DESCRIPTION = (
    "永清县打击传销活动大排查（县级，18 个乡镇、区和部门，按月报送；照录永政办〔2018〕15号）\n"
    "通知和实施方案的正文照录公开发布的原文；人员名单、统计数字等为虚构的示例数据。"
)

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
    "简称": "大排查",
    "本级名称": "永清县",
    "方案标题": "永清县打击传销活动大排查实施方案",
    "开始日期": D(2018, 1, 19),
    "结束日期": D(2018, 3, 31),
    "牵头单位": "县工商和食药监局",
    "领导小组办公室": "县打击传销领导小组办公室",
    # As in the real notice: three days before the notice's own date.
    "方案报送截止": D(2018, 1, 19),
    "报送周期": "月",
    "报送日": 2,
    "总结报送截止": D(2018, 4, 1),
    "队伍最少人数": 20,
    "队伍最多人数": 30,
}

# 阶段名称, 开始日期, 结束日期, 工作内容 (for the townships' plans), 通知内容 (the notice's own
# paragraph), 部门工作内容 (a department has no 辖区 and must not be told to help itself: the
# documents of units of type 部门 print this column as their phases' 工作内容)
PHASES_HEADER = ["阶段名称", "开始日期", "结束日期", "工作内容", "通知内容", "部门工作内容"]
PHASES: list[list[Any]] = [
    [
        "线索排查阶段",
        D(2018, 1, 19),
        D(2018, 1, 23),
        "对辖区内出租房屋、流动人口和各类重点场所逐一摸底登记，建立台账，确保不留死角。",
        "各乡镇（区、办），有关部门要结合本地、本部门的实际情况，对举报投诉传销活动较为集中的、曾经发生过、可能滋生传销活动的区域为重点，对涉及的社区、村庄、宾馆、娱乐场所，以及“城中村”、旧城改造区、闲置厂房等房租较低廉的区域进行排查，对辖区内流动人口和出租房屋进行全面清理，准确确定传销组织、人员、窝点、规模及动态，确保不留死角；深挖传销组织者、领导者、策划者和骨干分子，抓捕要害头目；主动筛查经营活动可疑企业及网站，互通信息、共同研判，开展打击网络传销。",
        "结合部门职责，对本系统、本行业监管范围内的场所和对象逐一摸底排查，建立台账，确保不留死角。",
    ],
    [
        "集中打击阶段",
        D(2018, 1, 24),
        D(2018, 3, 25),
        "配合公安、工商和食药监等部门端窝点、抓头目，遣散参与传销人员，发现一起、查处一起。",
        "各乡镇（区、办）要加强与工商和食药监局、公安局等部门的沟通联系，并组织精干力量，以端窝点、摧网络、抓头目为整治重点。统一部署重大行动进行集中清理打击，依法查处一批传销大要案件，清理一批传销窝点，摧毁一批传销组织网络，遣散解救受骗参与传销人员，确保打击传销整治行动取得实效。",
        # every department's: only the police and the market regulator 查处; the others hand leads on
        "发挥部门职能作用，与有关部门和属地乡镇（区、办）密切协作，对涉传线索依职责查处或及时移交，配合遣散参与传销人员，发现一起、处置一起。",
    ],
    [
        "巩固总结阶段",
        D(2018, 3, 26),
        D(2018, 3, 31),
        "对排查打击情况进行回头看，查漏补缺，总结经验，完善长效机制，按时报送工作总结。",
        "各乡镇（区、办）和各部门要对开展传销活动排查打击情况进行经验总结，查找工作薄弱环节和存在的不足，防止因打击不力出现传销“洼地”、打击传销留有死角，严防参与传销人员打而不散、散而又聚，传销活动死灰复燃。要不断完善防范和打击传销工作长效机制，完善“打、防、控、管”体系，巩固执法行动成果。",
        None,
    ],
]

# name, kind, in the county leading group, office of the unit's own group, plan date
UNITS_HEADER = ["单位名称", "类型", "领导小组成员单位", "日常工作机构", "方案日期"]
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

# 类型, 自称, 署名后缀: a 乡镇 signs as its 人民政府; a 县直部门 as 永清县…局 (the 县 expanded).
UNIT_TYPES: list[list[Any]] = [
    ["乡镇", None, "人民政府"],
    ["区", "区", "管理委员会"],
    ["部门", None, None],
]

# The three per-unit lists of this campaign: sheets keyed by 单位名称, columns of its own.
LEADERS_SHEET, FOCUS_SHEET, TEAMS_SHEET = "领导小组", "排查重点", "打传队伍"
LIST_HEADERS = {
    LEADERS_SHEET: ["单位名称", "小组职务", "姓名", "职务"],
    FOCUS_SHEET: ["单位名称", "重点类别", "具体内容"],
    TEAMS_SHEET: ["单位名称", "村（社区）", "队长", "队员人数"],
}

# 工作表, 列, 类型, 必填, 允许值, 最小值, 最大值, 排序, 不符时, 提示
RULES: list[list[Any]] = [
    [LEADERS_SHEET, "小组职务", "文字", "是", "组长、副组长、成员", None, None, "是", "错误", None],
    [LEADERS_SHEET, "姓名", "文字", "是", None, None, None, None, None, None],
    [LEADERS_SHEET, "职务", "文字", "是", None, None, None, None, None, None],
    [FOCUS_SHEET, "重点类别", "文字", "是", None, None, None, None, None, None],
    [FOCUS_SHEET, "具体内容", "文字", "是", None, None, None, None, None, None],
    [TEAMS_SHEET, "村（社区）", "文字", "是", None, None, None, None, None, None],
    [TEAMS_SHEET, "队长", "文字", "是", None, None, None, None, None, None],
    [
        TEAMS_SHEET, "队员人数", "整数", "是", None, "队伍最少人数", "队伍最多人数", None, "提醒",
        "打传队伍 {值} 人，不在要求的 {最小值}--{最大值} 人之间",
    ],
]  # fmt: skip

# 指标, 关系, 对象, 提示
CHECKS: list[list[Any]] = [
    ["捣毁传销窝点", "不大于", "发现传销窝点", "{单位}{期别}捣毁传销窝点 {值} 处，多于发现的 {对象值} 处，请核实"],
    ["教育遣散传销人员", "有则须有", "查获涉传人员", "{单位}{期别}教育遣散 {值} 人，但查获涉传人员为 0，请核实"],
]

# 文档, 种类, 生成, 文件名, 文件夹, 加盖印章 (a unit's summary goes up unsealed, by e-mail),
# 版记在偶数页 (the notice is printed double-sided: its 版记 on the back of the last sheet)
DOCUMENTS: list[list[Any]] = [
    ["通知", "通知", "是", None, None, "是", "是"],
    ["方案", "方案", "是", None, None, "是", None],
    ["月报", "报表", "是", None, None, "是", None],
    ["汇总", "汇总", "是", None, None, "是", None],
    ["汇总表", "汇总表", "是", None, None, "是", None],
    ["总结", "总结", "是", None, None, "否", None],
    ["县总结", "总体总结", "是", None, None, "是", None],
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


# What each department looks at in its own field (a 部门 has a field, not a 辖区): what its plan says it
# will 重点排查, so people, places or leads, never a task (…的预防、排查和劝返 read 重点排查…的排查).
_DEPARTMENT_FOCUS = {
    "县公安局": "涉传线索和传销窝点，以及传销活动的组织者、骨干分子",
    "县工商和食药监局": "以招商加盟、连锁经营、网络营销等名义从事传销活动的企业、个体户和网站",
    "县教育局": "在校学生和应届毕业生中参与传销的人员",
    "县人社局": "人力资源市场、职业中介机构和求职人员中的传销线索",
    "县司法局": "社区矫正对象和刑满释放人员中的涉传线索",
    "县民政局": "救助管理站受助人员和社会组织中的涉传线索",
}


# A territory and the police manage rented houses and migrants (their reports count them); another
# department, which inspects neither, hands on what its own field turns up.
_FOLLOW_UP = (
    "完善出租房屋和流动人口动态管理，做到发现一起、处置一起",
    "结合部门职责，加强本系统、本行业的日常监管，发现涉传线索及时移交公安机关和属地乡镇（区），做到发现一起、移交一起",
)


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
            focus += [[unit, "职责范围", _DEPARTMENT_FOCUS[unit]]]
        for role, post in posts:
            leaders.append([unit, role, next(people), post])
        for j, village in enumerate(own):
            teams.append([unit, village, next(people), 20 + (index * 3 + j * 4) % 11])
    return leaders, focus, teams


LEADERS, FOCUS, TEAMS = _example_details()

# The metrics of the monthly sheet, as real reports of such campaigns group them:
# 分组, 指标, 单位, 类型, 主要指标, 累计方式, 表述, 为零时表述, 前提指标.
METRICS_HEADER = [
    "分组",
    "指标",
    "单位",
    "类型",
    "主要指标",
    "累计方式",
    "表述",
    "为零时表述",
    "前提指标",
    "适用单位类型",
]
# Cases are filed and people detained by departments (公安, 工商): a township is not asked for them.
CASE_KINDS = "部门"
# Villages, rented houses, migrants and the 无传销社区 are a territory's: a department has none of its own.
TERRITORY_KINDS = "乡镇、区"
_DENS = "发现传销窝点"
METRICS: list[list[Any]] = [
    ["组织发动", "召开专题会议", "次", "整数"],
    ["组织发动", "组建排查队伍", "支", "整数", None, "取最新", "组建排查队伍{值}支"],
    ["组织发动", "排查队伍人数", "人", "整数", None, "取最新", "队员共{值}人"],
    ["组织发动", "出动排查人员", "人次", "整数", "是"],
    ["组织发动", "出动车辆", "台次", "整数"],
    ["摸底排查", "排查村街（社区）", "个", "整数", None, None, None, None, None, TERRITORY_KINDS],
    ["摸底排查", "排查出租房屋", "户", "整数", "是"],
    ["摸底排查", "排查宾馆、旅店、招待所", "家", "整数"],
    ["摸底排查", "排查其他重点场所", "处", "整数"],
    ["摸底排查", "登记流动人口", "人", "整数"],
    ["摸底排查", "签订出租房屋责任书", "份", "整数", None, None, None, None, None, TERRITORY_KINDS],
    ["线索与打击", "受理举报投诉", "件", "整数"],
    ["线索与打击", "核查线索", "条", "整数"],
    ["线索与打击", "发现传销窝点", "处", "整数", None, None, None, "未发现传销窝点"],
    ["线索与打击", "捣毁传销窝点", "处", "整数", "是", None, None, None, _DENS],
    ["线索与打击", "查获涉传人员", "人", "整数", None, None, None, None, _DENS],
    ["线索与打击", "教育遣散传销人员", "人", "整数", "是", None, None, None, _DENS],
    ["线索与打击", "解救受骗群众", "人", "整数", None, None, None, None, _DENS],
    ["线索与打击", "录入打传信息系统", "人", "整数", None, None, "将{值}名涉传人员录入打传信息系统", None, _DENS],
    ["案件查处", "立案查处传销案件", "件", "整数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "行政处罚", "件", "整数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "罚没款", "万元", "小数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "移送公安机关案件", "件", "整数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "刑事拘留", "人", "整数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "行政拘留", "人", "整数", None, None, None, None, None, CASE_KINDS],
    ["案件查处", "涉案金额", "万元", "小数", None, None, None, None, None, CASE_KINDS],
    ["宣传教育", "开展宣传活动", "次", "整数"],
    ["宣传教育", "发放宣传资料", "份", "整数"],
    ["宣传教育", "悬挂横幅、张贴标语", "条", "整数"],
    ["宣传教育", "接受群众咨询", "人次", "整数"],
    ["长效机制", "创建“无传销社区（村）”", "个", "整数", None, None, None, None, None, TERRITORY_KINDS],
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
POLICE = "县公安局"
CASE_UNITS = (POLICE, "县工商和食药监局")
MISSING_REPORT = ("三圣口乡", D(2018, 2, 1))  # one unit did not report in February: 未报送
# One report came after its due date (3月2日): 逾期报送, which is not 未报送.
LATE_REPORT = ("县民政局", D(2018, 2, 1), D(2018, 3, 6))
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
            # Stocks: the teams the 打传队伍 sheet lists, the same every month (read, not added up).
            own_teams = [t for t in TEAMS if t[0] == unit]
            values["组建排查队伍"] = len(own_teams)
            values["排查队伍人数"] = sum(t[3] for t in own_teams)
            # Only the departments that file cases report them (the metrics apply to 部门 only).
            cases = 1 if unit in CASE_UNITS and rng.random() < 0.6 else 0
            values["立案查处传销案件"] = values["行政处罚"] = cases
            # Only the police detain; the others hand their criminal cases over to the police.
            police = unit == POLICE
            values["移送公安机关案件"] = 0 if police else (cases if rng.random() < 0.5 else 0)
            values["刑事拘留"] = cases * rng.randint(1, 3) if police else 0
            values["行政拘留"] = cases * rng.randint(0, 2) if police else 0
            values["罚没款"] = round(cases * rng.uniform(0.5, 3.0), 2)
            values["涉案金额"] = round(cases * rng.uniform(5, 40), 2)
            if kind == "部门":  # a department has no territory: the metrics that ask for one are left blank
                for _, name, *rest in METRICS:
                    if rest[-1:] == [TERRITORY_KINDS]:
                        values[name] = None
                if not police:  # a department other than the police registers no migrants, inspects no rented houses
                    values["排查出租房屋"] = values["登记流动人口"] = 0
                if unit not in CASE_UNITS:  # nor hotels: the police's (旅馆业) and the market regulator's field alone
                    values["排查宾馆、旅店、招待所"] = 0
            rows.append([unit, month, *(values[name] for _, name, *_ in METRICS)])
    return rows


REPORTS = _example_reports()


def _example_footers() -> dict[tuple[str, dt.date], list[Any]]:
    """Who filled each report in (填报人, 审核人, 联系电话, 填报日期), as the returned forms said."""
    by_unit: dict[str, list[str]] = {}
    for unit, _role, name, _post in LEADERS:
        by_unit.setdefault(unit, []).append(name)
    footers = {}
    for i, (unit, month, *_) in enumerate(REPORTS):
        names = by_unit[unit]
        due = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)  # reported in the first days
        filed = LATE_REPORT[2] if (unit, month) == LATE_REPORT[:2] else due + dt.timedelta(days=i % 2)
        footers[unit, month] = [names[-1], names[0], f"0316-66{i:05d}"[:13], filed]
    return footers


REPORT_FOOTERS = _example_footers()


# How a department and a township reach people (a department has no 集市 or village loudspeaker).
_PUBLICITY = {
    True: "利用集市、村（居）广播和微信群宣传传销危害，公布举报电话，群众识别和抵制传销的意识明显提高",
    False: "利用门户网站、微信公众号和办事窗口宣传传销危害，公布举报电话，干部群众识别和抵制传销的意识明显提高",
}


# A department's own problems: each its own (a 存在问题 copied to many units is what 核稿 flags).
_DEPARTMENT_PROBLEMS = (
    "涉传线索移交和反馈还不够及时，与属地乡镇的信息互通有待加强",
    "网络传销手段翻新快，线上监测的技术手段跟不上",
    "部门内部分股室对打击传销的职责认识不足，配合不够主动",
    "宣传多集中在办事窗口，进社区、进企业的宣传还不够",
    "基层站所人员少、任务重，排查频次难以保证",
    "对以“资本运作”为名的新型传销识别能力有待提高",
    "执法与刑事司法衔接的证据标准把握还不够准确",
)


def _problems(index: int, villages: list[str]) -> list[str]:
    """A unit's two 存在问题, in its own words: a township names its own villages."""
    if villages:
        first = villages[0]
        last = villages[-1]
        return [
            f"{first}等村（社区）部分出租房屋房主登记意识不强，流动人口底数变化快，排查工作还需常态化",
            f"{last}打传队伍成员兼职较多，业务培训不够，发现传销线索的能力有待提高",
        ]
    pool = _DEPARTMENT_PROBLEMS
    return [pool[index % len(pool)], pool[(index + 3) % len(pool)]]


def _example_summary() -> list[list[Any]]:
    """The narrative of every unit's summary and the county's (invented, plausible)."""
    rows: list[list[Any]] = []
    villages: dict[str, list[str]] = {}
    for unit, village, *_ in TEAMS:
        villages.setdefault(unit, []).append(village)
    for i, (unit, kind, *_) in enumerate(UNITS):
        own = villages.get(unit, [])
        # A township hands tasks to its villages; a department to its own offices.
        if own:
            tasks = f"把排查任务分解到{'、'.join(own[:2])}等村（社区）和具体人员"
            sweep = f"对{'、'.join(own[:2])}等重点区域的出租房屋、宾馆旅店逐户逐间排查，建立排查台账，做到不漏一户、不留死角"
        else:
            tasks = "把排查任务分解到各股室、基层站所和具体人员"
            sweep = "结合部门职责，对本系统、本行业的重点场所和对象逐一排查，建立排查台账，做到不漏一处、不留死角"
        level = "镇" if unit.endswith("镇") else "乡" if unit.endswith("乡") else "区" if kind == "区" else "局"
        rows += [
            [
                unit,
                "主要做法",
                "强化组织领导",
                f"第一时间成立打击传销领导小组，主要负责同志任组长，召开专题会议研究部署，{tasks}",
            ],
            [unit, "主要做法", "开展拉网排查", sweep],
            [unit, "主要做法", "加强宣传教育", _PUBLICITY[bool(own)]],
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
        rows += [[unit, "存在问题", None, problem] for problem in _problems(i, own)]
        rows += [
            [unit, "下一步打算", None, f"巩固排查成果，把打击传销纳入{level}综治工作日常考核"],
            [unit, "下一步打算", None, _FOLLOW_UP[kind == "部门" and unit != POLICE]],
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
        [
            "全县",
            "典型案例",
            "联合端掉跨县传销窝点",
            "县打传办根据群众举报线索，组织公安、工商和食药监等部门联合行动，端掉一处跨县流窜传销窝点，教育遣散参与人员",
        ],
        ["全县", "存在问题", None, "个别单位报表报送不及时，基层打传队伍力量和能力不平衡"],
        ["全县", "下一步打算", None, "建立打击传销长效机制，把排查工作纳入网格化管理，保持高压态势"],
        ["全县", "下一步打算", None, "加强督导考核，对工作不力的单位通报批评，确保全县无传销成果持续巩固"],
    ]
    return rows


SUMMARY = _example_summary()


def _reports_sheet(
    wb: Workbook, metrics: Sequence[Sequence[Any]], rows: Sequence[Sequence[Any]], header: Sequence[str] | None
) -> None:
    """单位名称 | 期别 | one column per metric: the clerk types figures here, or `gongwen collect` does."""
    ws = wb.create_sheet(REPORTS_SHEET_NAME)
    footer = header is None and len(metrics) == len(METRICS)  # the example's own sheet, as collect leaves it
    columns = [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m[1] for m in metrics)]
    ws.append(list(header or [*columns, *(REPORT_FOOTER_COLUMNS if footer else ())]))
    for row in rows:
        ws.append([*row, *(REPORT_FOOTERS.get((row[0], row[1]), []) if footer else [])])
    format_sheet(ws, [14, 10, *([10] * len(metrics))])
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, dt.date):
            cell.number_format = 'yyyy"年"m"月"'


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
    rules: Sequence[Sequence[Any]] | None = None,
    checks: Sequence[Sequence[Any]] | None = None,
    documents: Sequence[Sequence[Any]] | None = None,
    unit_types: Sequence[Sequence[Any]] | None = None,
    extra_sheets: Mapping[str, Sequence[Sequence[Any]]] | None = None,
    omit_sheets: Sequence[str] = (),
    table_headers: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write the example workbook; keyword arguments replace parts of it.

    In `notice`/`campaign`, a value of ``None`` removes that row. `extra_sheets` adds
    sheets of the clerk's own (first row the header).
    """
    wb = Workbook()
    wb.remove(wb.active)
    headers = dict(table_headers or {})

    def table(name: str, default_header: Sequence[str], rows: Sequence[Sequence[Any]]) -> Callable[[], None]:
        return lambda: table_sheet(wb, name, headers.get(name, default_header), rows)

    def pick(given: Sequence[Sequence[Any]] | None, default: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
        return default if given is None else given

    sheets: dict[str, Callable[[], None]] = {
        NOTICE_SHEET.name: lambda: form_sheet(wb, NOTICE_SHEET, merge_rows(NOTICE, notice)),
        CAMPAIGN_SHEET.name: lambda: form_sheet(wb, CAMPAIGN_SHEET, merge_rows(CAMPAIGN, campaign)),
        PHASES_SHEET.name: table(PHASES_SHEET.name, PHASES_HEADER, pick(phases, PHASES)),
        UNIT_TYPES_SHEET.name: table(
            UNIT_TYPES_SHEET.name, field_names(UNIT_TYPES_SHEET), pick(unit_types, UNIT_TYPES)
        ),
        UNITS_SHEET.name: table(UNITS_SHEET.name, UNITS_HEADER, pick(units, UNITS)),
        LEADERS_SHEET: table(LEADERS_SHEET, LIST_HEADERS[LEADERS_SHEET], pick(leaders, LEADERS)),
        FOCUS_SHEET: table(FOCUS_SHEET, LIST_HEADERS[FOCUS_SHEET], pick(focus, FOCUS)),
        TEAMS_SHEET: table(TEAMS_SHEET, LIST_HEADERS[TEAMS_SHEET], pick(teams, TEAMS)),
        RULES_SHEET.name: table(RULES_SHEET.name, field_names(RULES_SHEET), pick(rules, RULES)),
        METRICS_SHEET.name: table(METRICS_SHEET.name, METRICS_HEADER, pick(metrics, METRICS)),
        CHECKS_SHEET.name: table(CHECKS_SHEET.name, field_names(CHECKS_SHEET), pick(checks, CHECKS)),
        SUMMARY_SHEET.name: table(SUMMARY_SHEET.name, field_names(SUMMARY_SHEET), pick(summary, SUMMARY)),
        DOCUMENTS_SHEET.name: table(DOCUMENTS_SHEET.name, field_names(DOCUMENTS_SHEET), pick(documents, DOCUMENTS)),
        REPORTS_SHEET_NAME: lambda: _reports_sheet(
            wb, pick(metrics, METRICS), pick(reports, REPORTS), headers.get(REPORTS_SHEET_NAME)
        ),
    }
    for name, rows in (extra_sheets or {}).items():
        sheets[name] = table(name, rows[0], rows[1:])
    for name, make in sheets.items():
        if name not in omit_sheets:
            make()
    return save_workbook(wb, path, dt.datetime(2018, 1, 22))
