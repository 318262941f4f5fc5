"""The write stage: the directory target holds the old site or the new one, never a mix; the memory target."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import tree

from generator.output import (DirectoryTarget, MemoryTarget, OutputLocked, OutputState, _exchange, output_lock,
                              standby_path)


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_site(files: dict[str, bytes], out: Path, state: OutputState | None = None) -> tuple[OutputState, list[str]]:
    """Build `files` into `out` as the pipeline does; return the state left and the files put."""
    put = []
    with DirectoryTarget(out) as target:
        target.start(state)
        for output, data in files.items():
            if not target.has(output, _fingerprint(data)):
                target.put(output, _fingerprint(data), data)
                put.append(output)
        target.commit({output: _fingerprint(data) for output, data in files.items()})
        return target.state, put


def test_a_build_replaces_the_whole_directory(tmp_path: Path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old", "gone.html": b"x"}, out)
    write_site({"index.html": b"new", "a/b/c.css": b"css"}, out)
    assert tree(out) == {"a/b/c.css": b"css", "index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.lock", "_site"]


def test_a_failure_while_writing_leaves_the_previous_site(tmp_path: Path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old"}, out)
    # A file path that is also a directory cannot be written.
    with pytest.raises(OSError):
        write_site({"x": b"file", "x/y": b"under a file"}, out)
    assert tree(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["._site.lock", "_site"]


def test_nothing_is_written_before_the_first_file_is_put(tmp_path: Path):
    out = tmp_path / "_site"
    leftover = tmp_path / ".tmp-_site-abc123"
    leftover.mkdir()
    with DirectoryTarget(out) as target:
        target.start(None)
        assert not target.has("index.html", "x") and leftover.exists()
    assert leftover.exists() and not out.exists()


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


def test_with_a_state_the_standby_copy_is_kept_and_only_changed_files_are_put(tmp_path: Path):
    out = tmp_path / "_site"
    files = {"index.html": b"home", "events/a/index.html": b"a", "events/b/index.html": b"b"}
    state, put = write_site(files, out, OutputState())
    assert len(put) == 3 and not standby_path(out).exists()  # a first build has no old site to keep
    state, put = write_site(files | {"events/b/index.html": b"b2"}, out, state)
    assert put == ["events/b/index.html"] and standby_path(out).is_dir()
    state, put = write_site(files | {"events/b/index.html": b"b3"}, out, state)
    assert put == ["events/b/index.html"]
    assert tree(out) == files | {"events/b/index.html": b"b3"}
    state, put = write_site(files | {"events/b/index.html": b"b4"}, out, state)
    assert tree(standby_path(out)) == files | {"events/b/index.html": b"b3"}  # brought up to date, hard links
    assert os.stat(out / "index.html").st_ino == os.stat(standby_path(out) / "index.html").st_ino


def test_a_build_without_a_state_keeps_no_standby_copy(tmp_path: Path):
    out = tmp_path / "_site"
    write_site({"index.html": b"old"}, out)
    write_site({"index.html": b"new"}, out)
    assert not standby_path(out).exists()


def test_strays_in_the_standby_copy_are_removed_even_where_a_page_must_go(tmp_path: Path):
    out = tmp_path / "_site"
    files = {"index.html": b"home", "events/a/index.html": b"a"}
    state, _ = write_site(files, out, OutputState())
    state, _ = write_site(files | {"index.html": b"home 2"}, out, state)  # the first site is now the standby copy
    standby = standby_path(out)
    (standby / "stray.html").write_text("not ours")
    (standby / "events" / "new").write_text("a file where a directory must go")
    updated = files | {"index.html": b"home 3", "events/new/index.html": b"new"}
    state, _ = write_site(updated, out, state)
    assert tree(out) == updated
    state, _ = write_site(updated | {"index.html": b"home 4"}, out, state)
    assert tree(standby) == updated  # the copy the strays were in, swapped out again


def test_a_file_changed_in_place_is_neither_reused_nor_lent(tmp_path: Path):
    out = tmp_path / "_site"
    state, _ = write_site({"data.json": b"0123456789"}, out, OutputState())
    with open(out / "data.json", "r+b") as file:  # changed in place, as an editor might
        file.write(b"abc")
    with DirectoryTarget(out) as target:
        target.start(state)
        assert not target.has("data.json", _fingerprint(b"0123456789"))
        assert target.previous("data.json", _fingerprint(b"0123456789")) is None
    state, put = write_site({"data.json": b"0123456789"}, out, state)
    assert put == ["data.json"] and (out / "data.json").read_bytes() == b"0123456789"


def test_the_previous_version_of_a_file_is_lent_by_its_fingerprint(tmp_path: Path):
    out = tmp_path / "_site"
    state, _ = write_site({"data.json": b"old"}, out, OutputState())
    with DirectoryTarget(out) as target:
        target.start(state)
        assert target.previous("data.json", _fingerprint(b"old")) == b"old"
        assert target.previous("data.json", "another version") is None


def test_the_memory_target_keeps_exactly_the_committed_files():
    target = MemoryTarget()
    target.put("a.html", "1", b"a")
    target.put("b.html", "1", b"b")
    target.commit({"a.html": "1", "b.html": "1"})
    assert target.has("a.html", "1") and not target.has("a.html", "2")
    assert target.previous("b.html", "1") == b"b" and target.previous("b.html", "2") is None
    target.commit({"a.html": "1"})
    assert {output: version.data for output, version in target.files.items()} == {"a.html": b"a"}
    with pytest.raises(RuntimeError, match="neither put nor at hand"):
        target.commit({"a.html": "1", "c.html": "1"})


def test_a_build_that_changes_nothing_leaves_the_live_site_untouched(tmp_path: Path):
    out = tmp_path / "_site"
    files = {"index.html": b"home", "events/a/index.html": b"a"}
    state, _ = write_site(files, out, OutputState())
    inodes = {path: os.stat(out / path).st_ino for path in files}
    state, put = write_site(files, out, state)
    assert put == [] and not standby_path(out).exists()  # no second tree made for nothing
    assert {path: os.stat(out / path).st_ino for path in files} == inodes


def test_a_stray_file_in_the_live_site_is_not_left_there_by_a_build_that_changes_nothing(tmp_path: Path):
    out = tmp_path / "_site"
    files = {"index.html": b"home", "events/a/index.html": b"a"}
    state, _ = write_site(files, out, OutputState())
    (out / "events" / "stray.html").write_text("not ours")
    write_site(files, out, state)
    assert tree(out) == files
