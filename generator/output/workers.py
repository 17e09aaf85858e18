"""How many processes render at once when the clerk does not say (light to import: the CLI
shows it as the default of --jobs)."""

from __future__ import annotations

import os


def default_jobs() -> int:
    return os.cpu_count() or 1
