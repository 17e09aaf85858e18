"""Documents: the registry of document kinds and each kind's documents for a campaign.

Importing the package registers the kinds (generator/documents/kinds.py), so that
every process, pool workers included, sees the same registry.
"""

from generator.documents import kinds as kinds

__all__ = ["kinds"]
