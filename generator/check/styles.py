"""Formatting as Word resolves it: direct properties, then the style chain, then the defaults.

A paragraph typed in Word's default style carries no w:pStyle: it takes the style marked
w:default="1" (Normal), and what that leaves unset comes from w:docDefaults.
"""

from __future__ import annotations

from generator.standard import wordml as wml
from generator.standard.wordml import Element

W = wml.W
NS = {"w": W}


def attribute(element: Element | None, attr: str) -> str | None:
    if element is None:
        return None
    value = element.get(f"{{{W}}}{attr}")
    return None if value is None else str(value)


class Styles:
    """Run and paragraph properties of a document, resolved along its style chains."""

    def __init__(self, styles_xml: bytes | None):
        self.by_id: dict[str, Element] = {}
        self.run_defaults: Element | None = None
        self.paragraph_defaults: Element | None = None
        self.default_paragraph_style: str | None = None
        # Each paragraph's style, looked up once: a paragraph without w:pPr is searched to its end,
        # and run_property asks once per run (200,000 runs in one paragraph: hours, quadratic).
        self._paragraph_styles: dict[Element, str | None] = {}
        if styles_xml:
            root = wml.parse(styles_xml)
            for style in root.iterfind("w:style", NS):
                style_id = style.get(f"{{{W}}}styleId", "")
                self.by_id[style_id] = style
                if style.get(f"{{{W}}}default") in ("1", "true") and style.get(f"{{{W}}}type") == "paragraph":
                    self.default_paragraph_style = style_id
            self.run_defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
            self.paragraph_defaults = root.find("w:docDefaults/w:pPrDefault/w:pPr", NS)

    def chain(self, style_id: str | None) -> list[Element]:
        chain: list[Element] = []
        while style_id and style_id in self.by_id and len(chain) < 20:
            style = self.by_id[style_id]
            chain.append(style)
            style_id = attribute(style.find("w:basedOn", NS), "val")
        return chain

    def paragraph_style(self, paragraph: Element) -> str | None:
        if paragraph not in self._paragraph_styles:
            own = attribute(paragraph.find("w:pPr/w:pStyle", NS), "val")
            self._paragraph_styles[paragraph] = own or self.default_paragraph_style
        return self._paragraph_styles[paragraph]

    def run_property(self, run: Element, paragraph: Element, path: str, attr: str) -> str | None:
        """The first value of rPr/path@attr along: run, run style, paragraph style chain, defaults."""
        candidates: list[Element | None] = [run.find("w:rPr", NS)]
        run_style = attribute(run.find("w:rPr/w:rStyle", NS), "val")
        candidates += [s.find("w:rPr", NS) for s in self.chain(run_style)]
        candidates += [s.find("w:rPr", NS) for s in self.chain(self.paragraph_style(paragraph))]
        candidates.append(self.run_defaults)
        for rpr in candidates:
            if rpr is not None and (value := attribute(rpr.find(path, NS), attr)) is not None:
                return value
        return None

    def paragraph_property(self, paragraph: Element, path: str, attr: str) -> str | None:
        """The first value of pPr/path@attr along: the paragraph, its style chain, the defaults."""
        candidates: list[Element | None] = [paragraph.find("w:pPr", NS)]
        candidates += [s.find("w:pPr", NS) for s in self.chain(self.paragraph_style(paragraph))]
        candidates.append(self.paragraph_defaults)
        for ppr in candidates:
            if ppr is not None and (value := attribute(ppr.find(path, NS), attr)) is not None:
                return value
        return None

    def alignment(self, paragraph: Element) -> str:
        return self.paragraph_property(paragraph, "w:jc", "val") or "left"

    def text_runs(self, paragraph: Element) -> list[Element]:
        return [r for r in paragraph.iter(f"{{{W}}}r") if wml.paragraph_text(r).strip()]

    def size(self, paragraph: Element) -> int | None:
        """The font size (half-points) of the paragraph's first run of text; Word's 10.5 pt if unset."""
        runs = self.text_runs(paragraph)
        if not runs:
            return None
        value = self.run_property(runs[0], paragraph, "w:sz", "val")
        return int(value) if value and value.isdecimal() else 21

    def color(self, run: Element, paragraph: Element) -> str | None:
        return self.run_property(run, paragraph, "w:color", "val")

    def default_size(self) -> int:
        """The Normal style's font size in half-points (Word's 10.5 pt when nothing sets it)."""
        for rpr in [s.find("w:rPr", NS) for s in self.chain(self.default_paragraph_style)] + [self.run_defaults]:
            value = attribute(None if rpr is None else rpr.find("w:sz", NS), "val")
            if value and value.isdecimal():
                return int(value)
        return 21

    def flag(self, paragraph: Element, path: str) -> bool:
        """A paragraph's on/off property (pageBreakBefore, keepNext …) along the style chain."""
        candidates: list[Element | None] = [paragraph.find("w:pPr", NS)]
        candidates += [s.find("w:pPr", NS) for s in self.chain(self.paragraph_style(paragraph))]
        candidates.append(self.paragraph_defaults)
        for ppr in candidates:
            found = None if ppr is None else ppr.find(path, NS)
            if found is not None:
                return attribute(found, "val") not in ("0", "false", "off")
        return False
