"""`python -m gongwen` and `import gongwen`: the product's name for the `generator` package."""

from generator import __version__

__all__ = ["__version__"]
