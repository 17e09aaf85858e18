"""Children in the order ISO/IEC 29500 (transitional) prescribes for the elements gongwen writes.

Word reads sequences strictly: an element out of place may be dropped without a word (an
evenAndOddHeaders before defaultTabStop loses the even-page footers), and Word for the web
refuses the file. The template builder and the spreadsheet writer pass every part they make
through `reorder`, so the order is right whatever order the pieces were written in.
"""

from __future__ import annotations

from generator.standard import wordml as wml
from generator.standard.wordml import Element

W = wml.W
SSML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_RUN_PROPERTIES = (
    "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText "
    "vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange"
)
_SEQUENCES: dict[str, str] = {
    # WordprocessingML (CT_PPr, CT_RPr, CT_SectPr, CT_TblPr, CT_TcPr, CT_Style, CT_Settings, borders)
    f"{{{W}}}pPr": (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
        "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
        "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
        "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ),
    f"{{{W}}}rPr": _RUN_PROPERTIES,
    f"{{{W}}}sectPr": (
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
        "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
        "sectPrChange"
    ),
    f"{{{W}}}tblPr": (
        "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
        "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription tblPrChange"
    ),
    f"{{{W}}}tcPr": (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark "
        "headers cellIns cellDel cellMerge tcPrChange"
    ),
    f"{{{W}}}style": (
        "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked "
        "personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
    ),
    f"{{{W}}}pBdr": "top left start bottom right end between bar",
    f"{{{W}}}tblBorders": "top left start bottom right end insideH insideV",
    f"{{{W}}}tcBorders": "top left start bottom right end insideH insideV tl2br tr2bl",
    f"{{{W}}}settings": (
        "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
        "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
        "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges "
        "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
        "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
        "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves doNotTrackFormatting "
        "documentProtection autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation "
        "consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle "
        "defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets "
        "drawingGridHorizontalSpacing drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
        "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin "
        "drawingGridVerticalOrigin doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
        "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
        "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml saveXmlDataOnly "
        "useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace updateFields hdrShapeDefaults "
        "footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping "
        "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
        "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
    ),
    # SpreadsheetML (CT_Font): openpyxl writes the name first.
    f"{{{SSML}}}font": "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme",
}
_ORDER = {
    tag: {f"{tag.split('}')[0]}}}{local}": i for i, local in enumerate(sequence.split())}
    for tag, sequence in _SEQUENCES.items()
}


def reorder(root: Element) -> Element:
    """Put the children of every known element of `root` in schema order (a stable sort: elements
    the sequence does not name keep their place at the end, text and comments stay with them)."""
    for element in root.iter(*_ORDER):
        order = _ORDER[element.tag]
        children = list(element)
        ranked = sorted(children, key=lambda child: order.get(child.tag, len(order)))
        if ranked != children:
            for child in children:
                element.remove(child)
            element.extend(ranked)
    return root


def insert_in_order(parent: Element, child: Element) -> None:
    """Add `child` to a known element where its sequence puts it (before the first sibling ranked
    after it): one insertion instead of a `reorder` of all the children."""
    order = _ORDER[parent.tag]
    rank = order.get(child.tag, len(order))
    for index, sibling in enumerate(parent):
        if order.get(sibling.tag, len(order)) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def reorder_part(xml: bytes) -> bytes:
    """A part with its children in schema order; the same bytes when nothing was out of place."""
    root = wml.parse(xml)
    before = [list(e) for e in root.iter(*_ORDER)]
    reorder(root)
    if before == [list(e) for e in root.iter(*_ORDER)]:
        return xml
    return wml.to_bytes(root)
