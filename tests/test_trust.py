"""Bad, hostile and pathological input, and faults: nobody loses anything."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SampleSite, event_text, run_cli, soup, tree
from generator.cli import main
from generator.errors import ContentError
from generator.load import load_event
from generator.frontmatter_yaml import FrontMatterError, parse_document
from generator.pipeline import PROJECT_ROOT
from generator.text import nfc
from test_content import BAD_EVENTS

EXTRA_BAD_EVENTS = {
    "a list as a field name": (
        "2024-10-24-a.md", event_text(extra="? [a, b]\n: value\n"),
        ["content/events/2024-10-24-a.md:7: invalid YAML: a field name must be text, not a list or a mapping"],
    ),
    "nested too deeply": (
        "2024-10-24-a.md", event_text(body="\n".join("  " * i + "- x" for i in range(60))),
        ["content/events/2024-10-24-a.md:51: the body is nested more than 40 levels deep (lists, quotes or indentation)"],
    ),
    "piles of brackets": (
        "2024-10-24-a.md", event_text(body="Intro.\n\n" + "[" * 5000),
        ["content/events/2024-10-24-a.md:12: a paragraph has 5000 `[`; the limit is 300"],
    ),
    "two files, one page": (
        "2024-10-24-b.md", event_text(extra="slug: 2024-10-24-a\n"),
        ["content/events/2024-10-24-b.md:2: page address /events/2024-10-24-a/ is already used by content/events/2024-10-24-a.md"],
    ),
}

def _long_event(title_line: str, more: str = "") -> str:
    """An event file whose `title` (line 4) is `title_line`, with many fields after it (the closing `---` is on line 22)."""
    fields = "".join(f"# note {n}\n" for n in range(12))
    return (f"---\n# An event\ndate: 2024-10-24\n{title_line}\nleaders: [Tô Lâm]\nsource: VNS\nsummary: A summary.\n"
            f"{more}{fields}---\n\nBody.\n")


# A quote left open is reported where it opens, in plain words; other YAML errors keep the line PyYAML gives.
YAML_MISTAKES = {
    "an unclosed double quote": (
        "2024-10-24-a.md", _long_event('title: "Leaders meet', "place: Vientiane\ntopics: [a]\n"),
        ['content/events/2024-10-24-a.md:4: the quote (") opened here is never closed; close it on this line'],
    ),
    "an unclosed single quote": (
        "2024-10-24-a.md", _long_event("title: 'Leaders meet", "place: Vientiane\ntopics: [a]\n"),
        ["content/events/2024-10-24-a.md:4: the quote (') opened here is never closed; close it on this line"],
    ),
    "an unclosed quote that a later quote closes": (
        "2024-10-24-a.md", _long_event('title: "Leaders meet', 'place: "Vientiane"\n'),
        ['content/events/2024-10-24-a.md:4: the quote (") opened here is not closed on this line, so the lines '
         'after it, up to the next " on line 8, are read as its text'],
    ),
    "an unclosed quote in a list of leaders": (
        "2024-10-24-a.md", event_text(leaders='\n  - name: "Tô Lâm\n    role: General Secretary'),
        ['content/events/2024-10-24-a.md:5: the quote (") opened here is never closed; close it on this line'],
    ),
    "a multi-line quoted title is not an unclosed quote": (
        "2024-10-24-a.md", _long_event('title: "Leaders\n  meet"', "topics: [a\n"),
        ["content/events/2024-10-24-a.md:9: the bracket ([) opened here is never closed; close it with ]"],
    ),
    "an unclosed bracket before another field": (
        "2024-10-24-a.md", _long_event("title: Leaders meet", "topics: [a, b\nplace: Vientiane\n"),
        ["content/events/2024-10-24-a.md:9: invalid YAML: while parsing a flow sequence; did not find expected ',' or ']'"],
    ),
    "a tab for indentation": (
        "2024-10-24-a.md", event_text(extra="place:\n\tVientiane: x\n"),
        ["content/events/2024-10-24-a.md:8: invalid YAML: while scanning for the next token; found character that "
         "cannot start any token"],
    ),
    "a colon in an unquoted value": (
        "2024-10-24-a.md", event_text(extra="place: Vientiane: Laos\n"),
        ["content/events/2024-10-24-a.md:7: invalid YAML: mapping values are not allowed in this context"],
    ),
    "an unknown escape": (
        "2024-10-24-a.md", event_text(extra='place: "Vientiane \\q"\n'),
        ["content/events/2024-10-24-a.md:7: invalid YAML: while parsing a quoted scalar; found unknown escape character"],
    ),
}
ALL_BAD = {**BAD_EVENTS, **EXTRA_BAD_EVENTS, **YAML_MISTAKES}


@pytest.mark.parametrize("case", sorted(ALL_BAD))
def test_bad_input_fails_build_and_check_and_leaves_the_site_untouched(
        sample: SampleSite, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, case: str):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text())
    out = sample.root / "_site"
    assert main(["build", "--content", "content", "--out", str(out), *sample.own_cache]) == 0
    before = tree(out)
    capsys.readouterr()
    name, data, expected = ALL_BAD[case]
    sample.event(name, data)
    for command in (["build", "--out", str(out), *sample.own_cache], ["check"]):
        assert main([*command, "--content", "content"]) == 1
        printed = capsys.readouterr()
        # Without warnings: each on its line, or summed up by kind (`warning: 1 event has no …`).
        errors = [line for line in printed.err.splitlines()
                  if ": warning: " not in line and not line.startswith("warning: ")][:-1]
        assert errors == expected
        assert "Traceback" not in printed.out + printed.err
    assert tree(out) == before
    assert [path.name for path in sample.root.iterdir() if path.name.startswith(".tmp-")] == []  # no half-made tree


def test_pathological_markdown_renders_in_bounded_time(sample: SampleSite):
    bodies = {
        "quotes": ">" * 5000 + " deep",
        "emphasis": "*" * 100_000 + "_" * 100_000,
        "brackets": ("[" * 150 + "x" + "]" * 150 + "\n\n") * 300,
        "big": ("A paragraph with *emphasis* and a [link](https://example.org). " * 20 + "\n\n") * 2000,
    }
    for day, (name, body) in enumerate(bodies.items(), start=1):
        sample.event(f"2024-10-{day:02d}-{name}.md", event_text(date=f"2024-10-{day:02d}", body=body))
    out = sample.build()
    assert len(list((out / "events").iterdir())) == 4


def test_a_file_over_the_size_limit_is_refused(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    path = sample.event("2024-10-24-a.md", event_text(body="x" * (5 * 1024 * 1024)))
    problems: list[ContentError] = []
    assert load_event(path, problems) is None
    assert [str(p) for p in problems] == [
        f"content/events/2024-10-24-a.md: file is {path.stat().st_size} bytes; the limit is 4194304"
    ]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=400).map(lambda b: b"---\n" + b + b"\n---\n")))
def test_random_bytes_never_raise_anything_but_our_own_error(tmp_path: Path, data: bytes):
    path = tmp_path / "2024-10-24-a.md"
    path.write_bytes(data)
    problems: list[ContentError] = []
    load_event(path, problems)  # must not raise
    assert all(isinstance(problem, ContentError) for problem in problems)


@given(st.text(max_size=300).map(lambda text: "---\n" + text + "\n---\nbody\n"))
def test_random_front_matter_raises_only_front_matter_errors(text: str):
    try:
        parse_document(text)
    except FrontMatterError:
        pass


# Each example builds a site: a twentieth of the profile's examples (2 under `dev`, 25 under `ci`).
@settings(max_examples=max(1, settings.default.max_examples // 20), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60)
       .filter(lambda text: text.strip() and "\ufeff" not in text), escaped=st.booleans())
def test_any_title_is_escaped_and_shown_exactly(tmp_path_factory: pytest.TempPathFactory, title: str, escaped: bool):
    sample = SampleSite(tmp_path_factory.mktemp("escape"))
    quoted = yaml.safe_dump(title, allow_unicode=not escaped, default_style='"', width=1_000_000).strip()
    sample.event("2024-10-24-a.md", event_text(title=quoted))
    out = sample.build()
    assert soup(out / "index.html").select_one(".entry-title").get_text() == nfc(title).strip()
    event_page = soup(out / "events" / "2024-10-24-a" / "index.html")
    assert event_page.h1.get_text() == nfc(title).strip()
    assert event_page.title.get_text() == f"{nfc(title).strip()} · Test timeline"


def test_a_surrogate_escape_is_an_error_not_a_crash(sample: SampleSite, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample.root)
    sample.event("2024-10-24-a.md", event_text(extra='place: "Vientiane \\ud800"\n'))
    problems: list[ContentError] = []
    assert load_event(sample.content / "events" / "2024-10-24-a.md", problems) is None
    assert [str(p) for p in problems] == [
        "content/events/2024-10-24-a.md:7: invalid YAML: while parsing a quoted scalar; found invalid Unicode character escape code"
    ]


def _sample_corpus(root: Path, events: int) -> Path:
    sample = SampleSite(root)
    paragraph = "Leaders of Việt Nam and Laos met and *agreed* to deepen cooperation. " * 8
    for i in range(events):
        day = f"2020-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        sample.event(f"{day}-meeting-{i}.md", event_text(title=f"Meeting {i}", date=day, body=(paragraph + "\n\n") * 4))
    return sample.content


def test_a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one(tmp_path: Path, build_workers: None):
    content = _sample_corpus(tmp_path / "site", 300)
    out, reference, cache = tmp_path / "_site", tmp_path / "reference", tmp_path / ".cache"
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--content", str(content),
               "--cache-dir", str(cache)]
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    old = tree(out)
    (content / "site.yml").write_text((content / "site.yml").read_text().replace("Test timeline", "New title"))
    subprocess.run([*command, "--out", str(reference)], check=True, capture_output=True)
    new = tree(reference)
    assert new != old
    outcomes = set()
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.7, 2.2, 3.0):
        build = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        build.send_signal(signal.SIGKILL)
        build.wait()
        now = tree(out)
        assert now in (old, new), f"a mix after SIGKILL at {delay}s"
        outcomes.add("new" if now == new else "old")
        if now == new:
            break
    assert "old" in outcomes  # at least one kill landed before the swap
    # Leftover staging directories, and the cache's half-written files, are cleaned up by the next build.
    subprocess.run([*command, "--out", str(out)], check=True, capture_output=True)
    assert sorted(p.name for p in out.parent.iterdir() if p.name.startswith(".tmp-")) == []
    assert sorted(p.name for p in cache.iterdir() if p.name.startswith(".tmp-")) == []


def test_two_builds_at_once_do_not_corrupt_the_output(tmp_path: Path):
    content = _sample_corpus(tmp_path / "site", 150)
    out = tmp_path / "_site"
    command = [sys.executable, str(PROJECT_ROOT / "build.py"), "build", "--content", str(content),
               "--cache-dir", str(tmp_path / ".cache"), "--out", str(out)]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(b.wait(120), b.stderr.read()) for b in builds]
    assert any(code == 0 for code, _ in results)
    for code, stderr in results:
        assert code == 0 or "another build is writing this directory" in stderr
    reference = tmp_path / "reference"
    subprocess.run([*command[:-1], str(reference)], check=True, capture_output=True)
    assert tree(out) == tree(reference)


@pytest.mark.parametrize("quote", ['"', "'"])
def test_an_unclosed_quote_in_the_site_settings_is_reported_where_it_opens(sample: SampleSite, quote: str):
    sample.event("2024-10-24-a.md", event_text())
    sample.write("site.yml", f"title: Test timeline\ndescription: {quote}A small sample site.\n"
                             "base_url: https://example.org/\nlanguage: en\n")
    for command in ("check", "build"):
        out = ["--out", str(sample.root / "_site"), "--no-cache"] if command == "build" else []
        result = run_cli(command, "--content", str(sample.content), *out, cwd=sample.root)
        assert result.returncode == 1
        errors = [line for line in result.stderr.splitlines() if line.startswith("content/") and ": warning: " not in line]
        assert errors == [f"content/site.yml:2: the quote ({quote}) opened here is never closed; close it on this line"]
        assert not (sample.root / "_site").exists()


# Symbolic links: a pull request can add one anywhere; nothing outside the input directories reaches the output.
SECRET = "SECRET-7f3a: not for publication"


class LinkedProject:
    """A sample site with its own templates and static files, and a directory outside all three."""

    def __init__(self, root: Path):
        self.sample = SampleSite(root)
        self.sample.event("2024-10-24-a.md", event_text())
        self.root, self.content = root, self.sample.content
        self.templates, self.static = root / "templates", root / "static"
        shutil.copytree(PROJECT_ROOT / "templates", self.templates)
        shutil.copytree(PROJECT_ROOT / "static", self.static)
        self.outside = root / "outside"
        self.outside.mkdir()
        self.out = root / "_site"

    def outside_file(self, name: str, text: str) -> Path:
        path = self.outside / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def run(self, command: str) -> tuple[int, str]:
        options = ["--content", "content"]
        if command == "build":
            options += ["--templates", "templates", "--static", "static", "--out", "_site", "--no-cache"]
        result = run_cli(command, *options, cwd=self.root)
        assert "Traceback" not in result.stdout + result.stderr
        return result.returncode, result.stderr


def _link_out(project: LinkedProject, kind: str) -> tuple[str, str]:
    """Make one link of `kind` leaving its input directory; (the link as errors name it, its real target)."""
    secret_event = event_text(title=SECRET, date="2024-10-25")
    links = {
        "an event file": ("content/events/2024-10-25-b.md", project.outside_file("b.md", secret_event)),
        "a directory under content/events": ("content/events/more", project.outside_file("more/2024-10-25-b.md", secret_event).parent),
        "a leader file": ("content/leaders/someone.md",
                          project.outside_file("someone.md", f"---\nname: {SECRET}\ncountry: Laos\n---\n")),
        "site.yml": ("content/site.yml", project.outside_file("site.yml", (project.content / "site.yml").read_text().replace("Test timeline", SECRET))),
        "a static file": ("static/leak.txt", project.outside_file("leak.txt", SECRET)),
        "a static directory": ("static/docs", project.outside_file("docs/leak.txt", SECRET).parent),
        "a page template": ("templates/404.html", project.outside_file("404.html", SECRET)),
        "a directory of included templates": ("templates/partials", project.outside_file(
            "partials/macros.html", (project.templates / "partials" / "macros.html").read_text() + SECRET).parent),
    }
    shown, target = links[kind]
    link = project.root / shown
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.symlink_to(target)
    return shown, str(target.resolve())


@pytest.mark.parametrize("kind", ["an event file", "a directory under content/events", "a leader file", "site.yml",
                                  "a static file", "a static directory", "a page template",
                                  "a directory of included templates"])
def test_a_link_out_of_an_input_directory_fails_the_build_and_publishes_nothing(tmp_path: Path, kind: str):
    project = LinkedProject(tmp_path)
    assert project.run("build")[0] == 0
    before = tree(project.out)
    shown, target = _link_out(project, kind)
    directory = shown.split("/")[0]
    code, stderr = project.run("build")
    assert code == 1
    assert stderr.splitlines() == [
        f"{shown}: a symbolic link to {target}, outside {directory}/: only links that stay inside it are followed; "
        "copy what it points to in instead",
        "build failed: 1 error; _site was not changed",
    ]
    assert tree(project.out) == before
    assert not any(SECRET.encode() in data for data in tree(project.out).values())
    if directory == "content":
        code, stderr = project.run("check")
        assert code == 1 and [line for line in stderr.splitlines() if ": warning: " not in line][0].startswith(
            f"{shown}: a symbolic link to {target}, outside content/")


def test_links_that_stay_inside_their_directory_are_followed(tmp_path: Path):
    project = LinkedProject(tmp_path)
    kept = project.sample.write("_kept/2024-10-25-b.md", event_text(title="Linked in", date="2024-10-25"))
    (project.content / "events" / "2024-10-25-b.md").symlink_to(kept)
    (project.static / "css" / "alias.css").symlink_to(Path("site.css"))  # relative, in the same directory
    (project.static / "loop").symlink_to(project.static)  # a link to a parent directory: each is walked once
    (project.templates / "partials" / "macros.html").rename(project.templates / "macros.html")
    (project.templates / "partials" / "macros.html").symlink_to(project.templates / "macros.html")
    code, stderr = project.run("build")
    said = [line for line in stderr.splitlines() if "is a placeholder" not in line]  # the sample's base_url
    assert (code, said) == (0, ["2 warnings (python build.py check shows them)"])  # two leaders without events
    assert soup(project.out / "events" / "2024-10-25-b" / "index.html").h1.get_text() == "Linked in"
    assert (project.out / "css" / "alias.css").read_bytes() == (project.static / "css" / "site.css").read_bytes()
    assert not (project.out / "loop").exists()  # static/ itself, walked already: the build ends, without copies


@pytest.mark.parametrize("shown", ["content/events/2024-10-25-b.md", "static/gone.css", "templates/gone.html"])
def test_a_link_to_nothing_is_an_error_not_a_silent_gap(tmp_path: Path, shown: str):
    project = LinkedProject(tmp_path)
    link = project.root / shown
    link.symlink_to(link.parent / "missing")
    code, stderr = project.run("build")
    assert code == 1
    assert stderr.splitlines()[0] == f"{shown}: a symbolic link to {link.parent.resolve() / 'missing'}, which does not exist"
    assert not project.out.exists()


def test_the_template_loader_refuses_a_link_made_after_the_templates_were_listed(tmp_path: Path):
    import jinja2

    from generator.templates import create_environment

    (tmp_path / "outside.html").write_text(SECRET)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").symlink_to(tmp_path / "outside.html")
    with pytest.raises(jinja2.TemplateError, match="a symbolic link to .*outside.html, outside .*templates/"):
        create_environment(templates).get_template("page.html")
