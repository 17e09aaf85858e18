"""Rewrite the variable list at the end of docs/模板修改指南.md from the catalogue.

    python scripts/make_guide_vars.py

The list is what `gongwen templates vars KIND` prints for the example workspace; a test
checks that the guide is in step with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from examples.yongqing.templates import TEMPLATE_SOURCES  # noqa: E402
from generator.documents.kinds import plan_jobs  # noqa: E402
from generator.pipeline import read_workbook  # noqa: E402
from generator.render.catalog import representative_jobs, variables  # noqa: E402
from generator.render.filters import FILTERS  # noqa: E402
from generator.workspace import bundled_root  # noqa: E402

GUIDE = REPO / "docs" / "模板修改指南.md"
MARKER = "## 模板里能用的变量"


def variable_tables() -> str:
    inputs, _ = read_workbook(bundled_root() / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None
    jobs = representative_jobs(plan_jobs(inputs))
    out = []
    for source in TEMPLATE_SOURCES:
        out.append(f"### {source.description}（{source.name}.docx）\n")
        out.append("| 写法 | 说明 | 示例值 |\n|---|---|---|")
        for v in variables(jobs[source.name]):
            out.append(f"| `{{{{ {v.path} }}}}` | {v.description} | {v.example.replace('|', '｜')} |")
        out.append("")
    out.append("### 写法（过滤器）\n")
    out.append("| 写法 | 说明 | 例子 |\n|---|---|---|")
    for name, (_, description, example) in FILTERS.items():
        out.append(f"| `\\|{name}` | {description} | `{example.replace('|', chr(92) + '|')}` |")
    return "\n".join(out) + "\n"


def main() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    head, _, rest = text.partition(MARKER)
    intro = rest.split("\n### ", 1)[0]
    GUIDE.write_text(head + MARKER + intro.rstrip("\n") + "\n\n" + variable_tables(), encoding="utf-8")
    print(GUIDE.relative_to(REPO))


if __name__ == "__main__":
    main()
