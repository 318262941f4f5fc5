"""Tests of `generator.preview`, a module each (a package: its conftest must not replace the top one)."""
