"""Atomic output: the directory holds the old site or the new one, never a mix."""

from __future__ import annotations

import errno
import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import tree

from generator.output import IncrementalWriter, OutputLocked, OutputState, Spliced, _exchange, output_lock, write_site


def test_write_site_replaces_the_whole_directory(tmp_path: Path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old", "gone.html": b"x"}, out)
    write_site({"index.html": b"new", "a/b/c.css": b"css"}, out)
    assert tree(out) == {"a/b/c.css": b"css", "index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_failure_while_writing_leaves_the_previous_site(tmp_path: Path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old"}, out)
    # A file path that is also a directory cannot be written.
    with pytest.raises(OSError):
        write_site({"x": b"file", "x/y": b"under a file"}, out)
    assert tree(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_leftovers_of_a_killed_build_are_cleaned_up(tmp_path: Path):
    out = tmp_path / "_site"
    leftover = tmp_path / ".tmp-_site-abc123"
    leftover.mkdir()
    (leftover / "half.html").write_text("half")
    write_site({"index.html": b"new"}, out)
    assert not leftover.exists()


def _hold_lock(out: Path, ready, release) -> None:
    with output_lock(out):
        ready.set()
        release.wait(10)


def test_a_second_build_on_the_same_output_is_refused(tmp_path: Path):
    out = tmp_path / "_site"
    ready, release = multiprocessing.Event(), multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(out, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(OutputLocked, match="another build is writing this directory"):
            with output_lock(out):
                pass
    finally:
        release.set()
        holder.join(10)
    with output_lock(out):  # free again once the first build ends
        pass


def test_the_swap_is_one_atomic_exchange_on_linux(tmp_path: Path):
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "a").write_text("old")
    (new / "a").write_text("new")
    assert _exchange(new, old)  # renameat2(RENAME_EXCHANGE): no moment without a site
    assert (old / "a").read_text() == "new" and (new / "a").read_text() == "old"


def _first_build(out: Path, files: dict[str, bytes]) -> OutputState:
    with IncrementalWriter(out) as writer:
        return writer.write(files, {path: f"made-{path}" for path in files})


@pytest.mark.parametrize("copying", ["in the kernel", "without copy_file_range"])
def test_a_spliced_file_is_its_new_bytes_and_the_runs_of_the_held_file_in_order(tmp_path: Path, copying: str,
                                                                               monkeypatch: pytest.MonkeyPatch):
    if copying == "without copy_file_range":
        def unsupported(*arguments: object) -> int:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        monkeypatch.setattr(os, "copy_file_range", unsupported)
    out = tmp_path / "_site"
    old = b"".join(b"%04d," % number for number in range(50_000))  # 250 KB: runs longer than one copy may be
    state = _first_build(out, {"data.json": old})
    with IncrementalWriter(out, state) as writer:
        held = writer.held("data.json", "made-data.json")
        assert held is not None and writer.held("data.json", "another version") is None
        stamp = writer.put("data.json", Spliced(held, (b"[", (5, 200_000), b"new,", (200_005, len(old) - 200_005), b"]")))
        writer.write({}, {"data.json": "spliced"}, {"data.json": stamp})
    assert (out / "data.json").read_bytes() == b"[" + old[5:200_005] + b"new," + old[200_005:] + b"]"


def test_a_held_file_changed_while_it_is_copied_from_fails_the_write_and_the_site_stays(tmp_path: Path):
    out = tmp_path / "_site"
    state = _first_build(out, {"data.json": b"0123456789"})
    with IncrementalWriter(out, state) as writer:
        held = writer.held("data.json", "made-data.json")
        with open(out / "data.json", "r+b") as file:  # changed in place, as an editor might
            file.write(b"abc")
        with pytest.raises(OSError, match="changed while the site was being built; build again"):
            writer.put("data.json", Spliced(held, (b"[", (0, 10), b"]")))
    assert (out / "data.json").read_bytes() == b"abc3456789"
    assert writer._held == []  # let go
