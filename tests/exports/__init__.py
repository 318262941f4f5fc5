"""Tests of `generator.exports`, a module each (a package: its conftest must not replace the top one)."""
