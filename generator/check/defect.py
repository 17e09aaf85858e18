"""One finding of `gongwen check`: what is wrong and where."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Defect:
    code: str  # stable, for --json
    where: str  # e.g. 第 12 段「一、工作目标」, 第 3 页, 页面设置
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


def grouped(code: str, places: list[str], message: str, unit: str = "段") -> Defect:
    """One defect for the same slip in many places: said once, at the first, with how many."""
    suffix = f"等 {len(places)} {unit}" if len(places) > 1 else ""
    return Defect(code, places[0] + suffix, message)
