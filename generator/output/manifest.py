"""What gongwen wrote, so that it never silently overwrites a clerk's edit.

output/.gongwen-manifest.json records, for each generated file, the hash of
its bytes as written and the hash of what it was made from. A file whose bytes
no longer match was changed by hand: the next build keeps it and writes its
new version beside it, unless forced.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.standard.package import write_atomic

MANIFEST_NAME = ".gongwen-manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


@dataclass(frozen=True)
class Entry:
    sha256: str  # of the file as gongwen wrote it
    source: str  # of everything it was made from


@dataclass
class Manifest:
    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)
    # Of the last full build: the hash of all its inputs, the template kinds it
    # used and its findings, so that an unchanged workspace is not even re-read.
    fingerprint: str = ""
    kinds: list[str] = field(default_factory=list)
    findings: list[dict[str, str | None]] = field(default_factory=list)
    # Written just before documents are moved into place: a build killed half-way leaves
    # files that are gongwen's own, not hand edits. Settled by the next load.
    pending: dict[str, Entry] = field(default_factory=dict)
    # False when the manifest was there but could not be read (garbage, truncated), or is gone
    # while generated files remain: its files are then checked against what gongwen makes now.
    trusted: bool = True

    @classmethod
    def load(cls, output_dir: Path) -> Manifest:
        path = output_dir / MANIFEST_NAME
        manifest = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for name, entry in data.get("files", {}).items():
                manifest.entries[name] = Entry(entry["sha256"], entry["source"])
            last = data.get("last_full_build", {})
            manifest.fingerprint = str(last.get("fingerprint", ""))
            manifest.kinds = [str(k) for k in last.get("kinds", [])]
            manifest.findings = list(last.get("findings", []))
            for name, entry in data.get("pending", {}).items():
                target = output_dir / name
                # Moved in before the kill: record it; not moved: the old entry still holds.
                if target.is_file() and file_sha256(target) == entry["sha256"]:
                    manifest.entries[name] = Entry(entry["sha256"], entry["source"])
        except FileNotFoundError:
            # Gone while documents remain; fill-in forms (.xlsx) may come before the first build.
            manifest = cls(path, trusted=not any(output_dir.rglob("*.docx")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            manifest = cls(path, trusted=False)
        return manifest

    def wrote(self, key: str, path: Path) -> bool:
        """The file at `path` has exactly the bytes gongwen last wrote under `key`."""
        entry = self.entries.get(key)
        return entry is not None and file_sha256(path) == entry.sha256

    def save(self) -> None:
        data = {
            "comment": "gongwen 记录的已生成文件，请勿手工修改",
            "files": {k: {"sha256": v.sha256, "source": v.source} for k, v in sorted(self.entries.items())},
            "last_full_build": {"fingerprint": self.fingerprint, "kinds": self.kinds, "findings": self.findings},
        }
        if self.pending:
            data["pending"] = {k: {"sha256": v.sha256, "source": v.source} for k, v in sorted(self.pending.items())}
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
        write_atomic(self.path, text.encode("utf-8"))
