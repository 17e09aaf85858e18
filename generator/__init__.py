"""gongwen: spreadsheets in, Chinese official documents (GB/T 9704-2012) out."""

__version__ = "0.10.0"
