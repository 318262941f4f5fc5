"""A static site generator for a chronological timeline of the relations between two countries (their names
and everything else come from `content/`)."""

__version__ = "0.1.0"
