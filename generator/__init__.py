"""A static site generator for a chronological timeline of Việt Nam–Laos relations."""

__version__ = "0.1.0"
