"""Writes the workspaces that ship with gongwen, from code: ``python -m examples.build``.

Each example is a workbook and its templates; they go to generator/_bundled/<name>/
(package data, what `gongwen init` copies) and the first one also to the repository
root, which is itself an example workspace (CI checks the two are the same).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from examples.blank import templates as blank_templates
from examples.blank import workbook as blank_workbook
from examples.liuhe import templates as liuhe_templates
from examples.liuhe import workbook as liuhe_workbook
from examples.yongqing import templates as yongqing_templates
from examples.yongqing import workbook as yongqing_workbook
from generator.documents.template_builder import build_all
from generator.documents.template_parts import TemplateSource
from generator.inputs.schema import WORKBOOK_NAME
from generator.workspace import BUNDLED_DIR, DESCRIPTION_FILE

REPOSITORY = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Example:
    name: str
    description: str  # the first line is what `gongwen init --help` shows
    write_workbook: Callable[[Path], Path]
    templates: Sequence[TemplateSource]


EXAMPLES = (
    Example(
        "yongqing", yongqing_workbook.DESCRIPTION, yongqing_workbook.write_workbook, yongqing_templates.TEMPLATE_SOURCES
    ),
    Example("liuhe", liuhe_workbook.DESCRIPTION, liuhe_workbook.write_workbook, liuhe_templates.TEMPLATE_SOURCES),
    Example("blank", blank_workbook.DESCRIPTION, blank_workbook.write_workbook, blank_templates.TEMPLATE_SOURCES),
)


def write_example(example: Example, root: Path) -> list[Path]:
    written = [example.write_workbook(root / "inputs" / WORKBOOK_NAME)]
    written += build_all(example.templates, root / "templates")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    for example in EXAMPLES:
        target = BUNDLED_DIR / example.name
        for path in write_example(example, target):
            print(path)
        (target / DESCRIPTION_FILE).write_text(example.description + "\n", encoding="utf-8")
    # The repository root is the first example, byte for byte (a zip written twice differs in its dates).
    first = BUNDLED_DIR / EXAMPLES[0].name
    for folder in ("inputs", "templates"):
        for source in sorted((first / folder).iterdir()):
            target = REPOSITORY / folder / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
