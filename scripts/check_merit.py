"""Figure of merit of `gongwen check`: precision and recall on the labelled corpus.

    .venv/bin/python -m scripts.check_merit            # corpus + the three shipped examples
    .venv/bin/python -m scripts.check_merit --no-examples

The corpus is tests/gbt_corpus.py: conforming documents and documents that each break one rule,
with the place and message expected. The shipped examples (yongqing, liuhe, blank) are built and
counted as conforming documents. All documents are laid out by LibreOffice in one call (when it is
installed; without it only the checks on the XML are measured, and the script says so).

A finding is a true positive when it is the labelled fault at the labelled place; every other
finding is a false positive; a labelled fault with no such finding is a false negative.
precision = TP / (TP + FP), recall = TP / (TP + FN).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.check.conformance import Defect, check_document, check_rendered, expected_pages
from generator.pdf import libreoffice
from tests.gbt_corpus import FAULTS, Case, write_all


def _examples(folder: Path) -> list[Path]:
    documents: list[Path] = []
    for name, option in (("yongqing", "--example=yongqing"), ("liuhe", "--example=liuhe"), ("blank", "--blank")):
        ws = folder / name
        cli = [sys.executable, "-m", "generator.cli"]
        subprocess.run([*cli, "init", str(ws), option], check=True, capture_output=True)
        subprocess.run([*cli, "-C", str(ws), "build"], check=True, capture_output=True)
        documents += sorted((ws / "output").rglob("*.docx"))
    return documents


def _findings(documents: list[Path], pdfs: Path | None) -> dict[Path, list[Defect]]:
    found: dict[Path, list[Defect]] = {}
    for document in documents:
        defects = check_document(document)
        if pdfs is not None:
            defects += check_rendered(pdfs / f"{documents.index(document)}.pdf", expected_pages(document, defects))
        found[document] = defects
    return found


def _matches(defect: Defect, case: Case, where: str) -> bool:
    return case.message in defect.message and (defect.where == where or defect.where.startswith(f"{where}等 "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-examples", action="store_true", help="the corpus alone, without the shipped examples")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gongwen-merit-") as tmp:
        good, bad = write_all(Path(tmp) / "corpus")
        examples = [] if args.no_examples else _examples(Path(tmp) / "examples")
        conforming = [*good.values(), *examples]
        documents = [*conforming, *(path for _, path, _ in bad.values())]
        pdfs: Path | None = None
        if libreoffice.find_soffice() is not None:
            pdfs = Path(tmp) / "pdf"
            pdfs.mkdir()
            libreoffice.convert_many([(d, pdfs / f"{i}.pdf") for i, d in enumerate(documents)], workers=2)
        found = _findings(documents, pdfs)
    true_positive = false_negative = 0
    false_positive: list[str] = []
    missed: list[str] = []
    for case, path, where in bad.values():
        if case.on_pdf and pdfs is None:
            continue  # not measurable without LibreOffice
        hits = [d for d in found[path] if _matches(d, case, where)]
        true_positive += bool(hits)
        if not hits:
            false_negative += 1
            missed.append(f"{case.name}（{case.rule}）：应在{where}说「{case.message}」")
        false_positive += [f"{path.name}: {d}" for d in found[path] if d not in hits[:1]]
    for path in conforming:
        false_positive += [f"{path.name}: {d}" for d in found[path]]
    precision = true_positive / max(1, true_positive + len(false_positive))
    recall = true_positive / max(1, true_positive + false_negative)
    print(f"corpus: {len(good)} conforming documents, {len(FAULTS)} documents with one labelled fault each")
    print(f"shipped examples: {len(examples)} documents (must pass)")
    print(f"laid out by LibreOffice: {'yes' if pdfs is not None else 'no (only the checks on the XML measured)'}")
    print(f"true positives {true_positive}, false positives {len(false_positive)}, false negatives {false_negative}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({time.perf_counter() - started:.0f} s)")
    for line in missed:
        print("  missed:", line)
    for line in false_positive:
        print("  false positive:", line)


if __name__ == "__main__":
    main()
