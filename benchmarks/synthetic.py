"""A synthetic workspace: the 永清县 example scaled to any number of units.

    python -m benchmarks.synthetic /tmp/big 500     # 500 units, 3 months -> 2,007 documents

Every unit is a township with a leading group, four places and 3-6 teams, so
each document is as large as a real township plan.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any

from examples.yongqing.workbook import METRICS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.workspace import bundled_root


def synthetic_rows(units: int, months: int = 3) -> dict[str, list[list[Any]]]:
    unit_rows: list[list[Any]] = []
    leaders: list[list[Any]] = []
    focus: list[list[Any]] = []
    teams: list[list[Any]] = []
    reports: list[list[Any]] = []
    summary: list[list[Any]] = []
    for i in range(units):
        name = f"合成{i:04d}镇"
        unit_rows.append([name, "乡镇", "是" if i == 0 else None, "镇综治办", None])
        for role, post in (("组长", "镇长"), ("副组长", "副镇长"), ("副组长", "派出所所长"), ("成员", "综治办主任")):
            leaders.append([name, role, f"人员{i:04d}{len(leaders) % 10}", post])
        for category in ("城乡结合部", "出租房屋", "宾馆旅店", "闲置厂房"):
            focus.append([name, category, f"{name}{category}重点区域，逐户逐处排查登记"])
        for j in range(3 + i % 4):
            teams.append([name, f"合成{i:04d}村{j}", f"队长{i:04d}{j}", 20 + (i + j) % 11])
        summary += [
            [name, "主要做法", "强化组织领导", f"{name}成立领导小组，逐村部署排查任务"],
            [name, "存在问题", None, "流动人口底数变化快，排查需要常态化"],
            [name, "下一步打算", None, "巩固排查成果，完善长效机制"],
        ]
        for m in range(months):
            month = dt.date(2018, 1 + m, 1)
            reports.append([name, month, *(((i + m + k) % 7) for k in range(len(METRICS)))])
    summary.append(["全县", "主要做法", "统筹推进", "县打传办逐月汇总通报"])
    return {
        "units": unit_rows, "leaders": leaders, "focus": focus, "teams": teams, "reports": reports, "summary": summary,
    }  # fmt: skip


def make_workspace(root: Path, units: int, months: int = 3) -> Path:
    """A workspace with `units` townships reporting for `months` months.

    Documents: the county notice, a plan per unit, and per month a statistics sheet per
    unit, the county roll-up and its spreadsheet: 1 + units * (1 + months) + 2 * months.
    """
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(bundled_root() / "templates", root / "templates")
    (root / "output").mkdir()
    rows = synthetic_rows(units, months)
    write_workbook(
        root / "inputs" / WORKBOOK_NAME,
        campaign={"牵头单位": rows["units"][0][0]},
        units=rows["units"], leaders=rows["leaders"], focus=rows["focus"], teams=rows["teams"],
        reports=rows["reports"], summary=rows["summary"],
    )  # fmt: skip
    return root


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/gongwen-synthetic")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    print(make_workspace(target, count))
