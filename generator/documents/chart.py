"""The county summary's chart: the monthly trend of the main metrics and a per-unit comparison.

Drawn with matplotlib in a font that has Chinese glyphs (no empty boxes), sized
to the 版心's width and rendered at print resolution.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from typing import Any

from generator.cache import cache_dir, load_signed, store_signed
from generator.standard import gbt9704 as std

# The faces that have the glyphs, most official-looking first.
CJK_FONTS = (
    "SimHei",
    "Microsoft YaHei",
    "黑体",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "AR PL UKai CN",
)
WIDTH_MM = std.TYPE_AREA_WIDTH_MM  # the 版心's width
HEIGHT_MM = 110.0
DPI = 300  # print resolution


def cjk_font() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in available), None)


def _matplotlib_fonts_stamp() -> str:
    """When matplotlib last listed the installed fonts: a new list may mean another font."""
    root = Path(
        os.environ.get("MPLCONFIGDIR")
        or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "matplotlib"
    )
    return ",".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sorted(root.glob("fontlist-*.json")))


def cached_chart_png(data: dict[str, Any]) -> bytes:
    """chart_png through a disk cache: drawing costs about 2 s (1 s of it importing matplotlib)
    and the same figures always give the same picture. The key covers the data, this module's
    code, matplotlib's version and its list of fonts."""
    from importlib import metadata  # not at import time: every command would pay for it

    key = hashlib.sha256(
        json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
        + Path(__file__).read_bytes()
        + metadata.version("matplotlib").encode()
        + _matplotlib_fonts_stamp().encode()
    ).hexdigest()
    path = cache_dir("charts") / f"{key}.png"
    cached = load_signed(path)
    if cached is not None:
        return cached
    png, _ = chart_png(data)
    store_signed(path, png)
    return png


LABEL_PT = 9  # no text smaller than this at print size (the figure is drawn at its printed size)
MAX_UNITS = 20  # bars beyond these are not drawn: the biggest ones are named, the count is said
PANEL_SPREAD = 8  # series in one panel differ by less than this factor, so none is a flat line


def magnitude_panels(series: list[list[float]]) -> list[list[int]]:
    """The series' indexes, grouped so that each panel's scale suits all of its series:
    a series in the thousands and one in the tens are not drawn on one axis."""
    order = sorted(range(len(series)), key=lambda i: max(series[i], default=0))
    panels: list[list[int]] = []
    for i in order:
        top = max(max(series[i], default=0), 1)
        if (panels and top <= PANEL_SPREAD * max(max(series[panels[-1][0]], default=0), 1)) or len(panels) == 3:
            panels[-1].append(i)
        else:
            panels.append([i])
    return panels[::-1]  # the biggest figures on top


def chart_png(data: dict[str, Any]) -> tuple[bytes, str | None]:
    """The chart as PNG bytes, and the font it was drawn with (None: no Chinese font found)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    font = cjk_font()
    if font:
        plt.rcParams["font.family"] = [font]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["text.parse_math"] = False  # a unit named "$x$" is text, not a formula
    plt.rcParams["font.size"] = LABEL_PT
    inch = 25.4
    periods = data["期别"]
    series = [[row[i] for row in data["逐期"]] for i in range(len(data["指标"]))]
    panels = magnitude_panels(series)
    fig = plt.figure(figsize=(WIDTH_MM / inch, HEIGHT_MM / inch), dpi=DPI)
    layout = fig.add_gridspec(len(panels), 2, width_ratios=[1, 1.15])
    for row, members in enumerate(panels):
        trend = fig.add_subplot(layout[row, 0])
        for i in members:
            trend.plot(periods, series[i], marker="o", linewidth=1.2, label=data["指标"][i])
        trend.tick_params(labelsize=LABEL_PT)
        trend.grid(alpha=0.3)
        trend.margins(y=0.2)
        # The legend above the panel's plot area: outside the data, never over a point.
        trend.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1, frameon=False, fontsize=LABEL_PT)
    units = fig.add_subplot(layout[:, 1])
    order = sorted(range(len(data["单位"])), key=lambda i: -data["各单位"][i])
    shown = order[:MAX_UNITS]
    units.barh([data["单位"][i] for i in shown][::-1], [data["各单位"][i] for i in shown][::-1], color="#c0392b")
    more = f"，前{MAX_UNITS}名" if len(order) > MAX_UNITS else ""
    units.set_title(f"各单位{data['各单位指标']}\n（累计{more}）", fontsize=LABEL_PT)
    units.tick_params(labelsize=LABEL_PT)
    fig.tight_layout(pad=0.4)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue(), font
