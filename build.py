#!/usr/bin/env python3
"""Build the Việt Nam–Laos timeline: `python build.py --help`."""

from generator.cli import run

if __name__ == "__main__":
    run()
