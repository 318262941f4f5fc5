"""The command line as a person uses it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from browser import free_port
from conftest import SampleSite, event_text, run_cli, tree

from generator.errors import ContentErrors
from generator.pipeline import PROJECT_ROOT, Project, build


def test_plain_build_py_builds_content_into_site():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    written = sum(1 for path in (PROJECT_ROOT / "_site").rglob("*") if path.is_file())
    assert result.stdout.startswith(f"built {written} files into {PROJECT_ROOT / '_site'} in ")
    assert (PROJECT_ROOT / "_site" / "index.html").is_file()


def test_build_options_choose_content_output_and_base_url(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    out = sample.root / "public"
    result = run_cli("build", "--content", str(sample.content), "--out", str(out), *sample.own_cache,
                     "--base-url", "https://example.org/sub")
    assert result.returncode == 0, result.stderr
    page = (out / "index.html").read_text()
    # Links stay relative to the page, wherever the site is hosted; the base URL makes the absolute addresses.
    assert 'href="events/2024-10-24-a/index.html"' in page
    assert '<link rel="canonical" href="https://example.org/sub/">' in page


def test_a_placeholder_base_url_warns_on_build_naming_the_line_of_site_yml_and_base_url(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    out = sample.root / "public"
    placeholder = run_cli("build", "--content", str(sample.content), "--out", str(out), *sample.own_cache)
    assert placeholder.returncode == 0, placeholder.stderr
    [warning] = [line for line in placeholder.stderr.splitlines() if "is a placeholder" in line]
    assert warning.startswith(f"{sample.content / 'site.yml'}:3: warning: `base_url` https://example.org/ is a "
                              "placeholder: canonical links")
    assert "--base-url https://your.host/path/" in warning
    given = run_cli("build", "--content", str(sample.content), "--out", str(out), *sample.own_cache,
                    "--base-url", "https://www.example.com/x")
    assert [line for line in given.stderr.splitlines() if "is a placeholder" in line] == [warning.replace(":3:", ":", 1).replace(
        "`base_url` https://example.org/", "--base-url https://www.example.com/x/")]
    real = run_cli("build", "--content", str(sample.content), "--out", str(out), *sample.own_cache,
                   "--base-url", "https://vn-lao.github.io/")
    assert real.returncode == 0 and "is a placeholder" not in real.stderr
    assert "is a placeholder" not in run_cli("check", "--content", str(sample.content)).stderr  # a build's, not the content's


def test_bad_content_exits_1_names_every_bad_file_and_leaves_the_output_alone(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    out = sample.build()
    before = tree(out)
    sample.event("2024-10-25-b.md", event_text(date="2024-10-25", leaders="[Nobody]"))
    sample.event("2024-10-26-c.md", "no front matter\n")
    result = run_cli("build", "--content", str(sample.content), "--out", str(out), *sample.own_cache, cwd=sample.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/events/2024-10-25-b.md:4: unknown leader 'Nobody' in `leaders`; add it under content/leaders/",
        "content/events/2024-10-26-c.md:1: no front matter: does the file start with `---`?",
        f"build failed: 2 errors; {out} was not changed",
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert tree(out) == before


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no cache"])
@pytest.mark.parametrize("kind", ["a file", "a symlink loop", "under a file"])
def test_an_output_path_that_cannot_hold_a_site_is_refused_in_one_line(sample: SampleSite, kind: str, cache: list[str]):
    sample.event("2024-10-24-a.md", event_text())
    blocker = sample.root / "blocker"
    blocker.write_text("keep me")
    if kind == "a file":
        out, message = blocker, "exists and is not a directory"
    elif kind == "a symlink loop":
        (sample.root / "loop1").symlink_to("loop2")
        (sample.root / "loop2").symlink_to("loop1")
        out, message = sample.root / "loop1", os.strerror(errno.ELOOP)
    else:
        out, message = blocker / "site", os.strerror(errno.ENOTDIR)
    result = run_cli("build", "--content", str(sample.content), "--out", str(out), *cache)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"error: {out}: {message}\n")
    assert blocker.read_text() == "keep me"


@pytest.mark.parametrize("command", ["build", "serve"])
@pytest.mark.parametrize("option", ["content", "templates", "static"])
def test_an_input_directory_that_is_not_there_is_refused_in_one_line(sample: SampleSite, option: str, command: str):
    sample.event("2024-10-24-a.md", event_text())
    out, mistyped = sample.root / "_site", sample.root / "stattic"
    arguments = {"content": str(sample.content), option: str(mistyped)}
    result = run_cli(command, *(part for name, value in arguments.items() for part in (f"--{name}", value)),
                     *(["--out", str(out)] if command == "build" else ["--port", str(free_port())]))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"error: {mistyped}: no such directory (--{option})\n"
    assert not out.exists()


def test_an_input_path_that_is_a_file_is_refused_in_one_line(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    result = run_cli("build", "--content", str(sample.content), "--static", str(sample.content / "site.yml"),
                     "--out", str(sample.root / "_site"), *sample.own_cache)
    assert (result.returncode, result.stderr) == (1, f"error: {sample.content / 'site.yml'}: not a directory (--static)\n")


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["cached", "no cache"])
def test_an_output_directory_that_cannot_be_made_fails_the_build_in_two_lines(sample: SampleSite, cache: list[str]):
    sample.event("2024-10-24-a.md", event_text())
    out = Path("/proc/no-such-directory/site")  # /proc refuses new directories, even to root
    result = run_cli("build", "--content", str(sample.content), "--out", str(out), *cache)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"error: {out.parent}: {os.strerror(errno.ENOENT)}",
                                          f"build failed; {out} was not changed"]


@pytest.mark.parametrize("kind", ["a file", "a symlink loop"])
def test_a_cache_directory_that_cannot_be_written_leaves_a_warning_and_the_site_built(sample: SampleSite, kind: str):
    sample.event("2024-10-24-a.md", event_text())
    blocked = sample.root / "cache"
    if kind == "a file":
        blocked.write_text("not a directory")
    else:
        blocked.symlink_to("loop")
        (sample.root / "loop").symlink_to("cache")
    out = sample.root / "_site"
    result = run_cli("build", "--content", str(sample.content), "--out", str(out), "--cache-dir", str(blocked))
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "build cache" in line] == [
        f"{blocked}: warning: cannot write the build cache (exists and is not a directory); "
        "the next build will redo the work this one could not save"]
    assert tree(out) == tree(sample.build(sample.root / "cold"))
    assert blocked.is_symlink() or blocked.read_text() == "not a directory"


def test_a_template_error_is_reported_with_its_file_and_line(sample: SampleSite, tmp_path: Path):
    sample.event("2024-10-24-a.md", event_text())
    templates = tmp_path / "templates"
    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        target = templates / template.relative_to(PROJECT_ROOT / "templates")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.read_text())
    (templates / "404.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{{ missing.value }}\n{% endblock %}\n")
    with pytest.raises(ContentErrors) as failure:
        build(Project(content_dir=sample.content, templates_dir=templates), tmp_path / "out")
    [error] = failure.value.errors
    assert error.path.endswith("templates/404.html") and error.line == 3
    assert error.message == "template error: 'missing' is undefined"
    assert not (tmp_path / "out").exists()


def test_check_reports_every_problem_sorted_with_a_count(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text(title="[A, B]"))
    sample.event("2024-10-25-b.md", event_text(date="2024-10-26"))
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/events/2024-10-24-a.md:2: `title` must be text, not a list",
        "content/events/2024-10-25-b.md:3: file name date 2024-10-25 disagrees with `date: 2024-10-26`",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
        "content/leaders/to-lam.md:2: warning: Tô Lâm has no events",
        "2 errors, 3 warnings",
    ]


def test_check_passes_on_the_real_content():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "0 errors, 0 warnings"


def test_check_on_a_set_of_bad_files_prints_one_exact_line_per_problem(sample: SampleSite):
    sample.write("events/2024-01-01-not-utf8.md", b"---\ntitle: Caf\xe9\n---\n")
    (sample.content / "events" / "2024-01-02-unreadable.md").symlink_to(sample.content / "nowhere.md")
    sample.write("events/2024-01-03-no-front-matter.md", "Just text.\n")
    sample.write("events/2024-01-04-bad-yaml.md", "---\ntitle: A\n  date: [\n---\n")
    sample.event("2024-01-05-no-date.md", "---\ntitle: A\nleaders: [Lâm]\nsource: VNS\nsummary: S.\nfull_text: true\n---\nBody.\n")
    sample.event("2024-02-30-impossible.md", event_text(date="2024-02-30"))
    sample.event("2024-01-07-wrong-file-date.md", event_text(date="2024-01-08"))
    sample.event("2024-01-09-unknown-leader.md", event_text(date="2024-01-09", leaders="[Thongloun]"))
    sample.event("2024-01-10-list-for-text.md", event_text(date="2024-01-10", extra="source_url: [a, b]\n"))
    sample.event("2024-01-11-same.md", event_text(date="2024-01-11"))
    sample.event("2024-01-12-other.md", event_text(date="2024-01-12", extra="slug: 2024-01-11-same\n"))
    sample.event("2024-01-13-no-summary.md", event_text(date="2024-01-13").replace("summary: A summary.\n", ""))
    sample.event("2999-01-01-future.md", event_text(date="2999-01-01"))
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/events/2024-01-01-not-utf8.md:2: not UTF-8 text (byte 0xe9); save the file as UTF-8",
        f"content/events/2024-01-02-unreadable.md: a symbolic link to {sample.content.resolve() / 'nowhere.md'}, which does not exist",
        "content/events/2024-01-03-no-front-matter.md:1: no front matter: does the file start with `---`?",
        "content/events/2024-01-04-bad-yaml.md:3: invalid YAML: mapping values are not allowed in this context",
        "content/events/2024-01-05-no-date.md:2: missing required field `date` (YYYY-MM-DD, YYYY-MM or YYYY, optionally after circa, before or after)",
        "content/events/2024-01-07-wrong-file-date.md:3: file name date 2024-01-07 disagrees with `date: 2024-01-08`",
        "content/events/2024-01-09-unknown-leader.md:4: unknown leader 'Thongloun' in `leaders`; did you mean Thongloun Sisoulith?",
        "content/events/2024-01-10-list-for-text.md:7: `source_url` must be text, not a list",
        "content/events/2024-01-12-other.md:2: page address /events/2024-01-11-same/ is already used by content/events/2024-01-11-same.md",
        "content/events/2024-02-30-impossible.md:3: `date`: '2024-02-30' is not a real date: February 2024 has 29 days",
        "content/events/2999-01-01-future.md:2: warning: date 2999-01-01 is in the future",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
        "warning: 1 event has no `summary` (the first paragraph is used): content/events/2024-01-13-no-summary.md",
        "10 errors, 4 warnings",
    ]


def _many_without_summary(sample: SampleSite, count: int) -> list[str]:
    """`count` events without a `summary`, one with an unknown field and one dated in the future; their paths."""
    paths = []
    for day in range(1, count + 1):
        text = event_text(date=f"2024-03-{day:02d}").replace("summary: A summary.\n", "")
        paths.append(sample.event(f"2024-03-{day:02d}-meeting.md", text))
    sample.event("2024-04-01-typo.md", event_text(date="2024-04-01", extra="sumary: A summary.\n"))
    sample.event("2999-01-01-future.md", event_text(date="2999-01-01"))
    return [f"content/events/{path.name}" for path in paths]


def test_check_sums_up_warnings_about_optional_fields_in_one_line_per_kind(sample: SampleSite):
    paths = _many_without_summary(sample, 25)
    result = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "content/events/2024-04-01-typo.md:7: warning: unknown field `sumary` is ignored (did you mean `summary`?)",
        "content/events/2999-01-01-future.md:2: warning: date 2999-01-01 is in the future",
        "content/leaders/pham-minh-chinh.md:2: warning: Phạm Minh Chính has no events",
        "content/leaders/thongloun-sisoulith.md:2: warning: Thongloun Sisoulith has no events",
        f"warning: 25 events have no `summary` (the first paragraph is used): {paths[0]}, {paths[1]}, {paths[2]}, …"
        " (python build.py check --all-warnings lists all 25)",
        "0 errors, 29 warnings",
    ]
    every = run_cli("check", "--all-warnings", "--content", str(sample.content), cwd=sample.root)
    assert every.returncode == 0
    listed = [line for line in every.stderr.splitlines() if "no `summary`" in line]
    assert listed == [f"{path}:2: warning: no `summary`: the first paragraph is used" for path in paths]
    assert every.stderr.splitlines()[-1] == "0 errors, 29 warnings"


def test_build_prints_how_many_warnings_not_each_one(sample: SampleSite):
    _many_without_summary(sample, 25)
    result = run_cli("build", "--content", str(sample.content), "--out", str(sample.root / "_site"), "--no-cache",
                     "--base-url", "https://vn-lao.github.io/", cwd=sample.root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "28 warnings (python build.py check shows them)\n"  # a future date is only `check`'s
    assert result.stdout.startswith("built ")
    assert len(result.stdout.splitlines()) == 1


# The command line as build.py runs it, with an atexit hook: the hook runs only if the process leaves through
# Python's own shutdown, which the process policy (process.py) skips for the commands that build once.
WITH_EXIT_HOOK = """
import atexit, sys
from generator.cli import run
atexit.register(lambda: print("atexit hook ran", flush=True))
sys.argv[0] = "build.py"
run()
"""


def with_exit_hook(*args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WITH_EXIT_HOOK, *args], cwd=PROJECT_ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **popen)


def test_build_and_check_leave_without_teardown(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    for args in (["build", "--out", str(sample.root / "_site"), "--no-cache"], ["check"]):
        process = with_exit_hook(*args, "--content", str(sample.content))
        output, _ = process.communicate(timeout=120)
        assert process.returncode == 0, output
        assert "atexit hook ran" not in output  # os._exit: no teardown of the heap, no hooks
        assert output.strip(), "the command's own lines are flushed before it leaves"


def test_serve_and_new_leave_through_pythons_own_shutdown(sample: SampleSite):
    """`serve` runs for hours with threads: it keeps Python's defaults (process.py), its exit included."""
    sample.event("2024-10-24-a.md", event_text())
    server = with_exit_hook("serve", "--content", str(sample.content), "--port", str(free_port()))
    try:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if "Ctrl-C to stop" in line:
                break
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
    assert server.returncode == 0, "".join(lines) + output
    assert output.splitlines()[-2:] == ["stopped", "atexit hook ran"]
    new = with_exit_hook("new", "An event", "--date", "2024-10-25", "--content", str(sample.content))
    output, _ = new.communicate(timeout=60)
    assert "atexit hook ran" in output.splitlines()
