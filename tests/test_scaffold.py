"""`new` and `import`: event files a contributor can finish and send."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import REAL_CONTENT, SEEDS, SampleSite, event_text, load_site, run_cli, tree

from generator.errors import NO_SOURCE_URL
from generator.load import load_event
from generator.validate import BODY_PLACEHOLDER
from generator.pipeline import Project


def test_new_writes_a_valid_event_with_hints_and_prints_its_path(sample: SampleSite):
    result = run_cli("new", "Tô Lâm meets Thongloun Sisoulith", "--date", "2025-12-01", "--leader", "Tô Lâm",
                     "--leader", "thongloun-sisoulith", "--place", "Vientiane, Laos", "--source", "VNA/VNS",
                     "--content", str(sample.content))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == sample.content / "events" / "2025-12-01-to-lam-meets-thongloun-sisoulith.md"
    text = path.read_text(encoding="utf-8")
    assert "# Who took part. Add each one's role as the article gives it on that date." in text
    assert result.stderr.splitlines() == [  # what is left to write, each where it goes
        "still to fill in:",
        f"  {path}:11: `role` of Tô Lâm, as the article gives it on that date",
        f"  {path}:13: `role` of Thongloun Sisoulith, as the article gives it on that date",
        f"  {path}:21: the article text, in place of the placeholder",
    ]
    path.write_text(text.replace(BODY_PLACEHOLDER, "Tô Lâm met Thongloun Sisoulith."), encoding="utf-8")
    problems = []
    event = load_event(path, problems)
    assert [p.message for p in problems] == [NO_SOURCE_URL]  # `new` has no report's address to write
    assert (event.title, event.date.iso, event.place, event.source) == (
        "Tô Lâm meets Thongloun Sisoulith", "2025-12-01", "Vientiane, Laos", "VNA/VNS")
    assert [ref.name for ref in event.leaders] == ["Tô Lâm", "Thongloun Sisoulith"]
    site, problems = load_site(sample.project)
    assert site is not None


def test_new_refuses_to_overwrite(sample: SampleSite):
    args = ("new", "Leaders meet", "--date", "2024-10-24", "--leader", "Lâm", "--content", str(sample.content))
    assert run_cli(*args).returncode == 0
    path = sample.content / "events" / "2024-10-24-leaders-meet.md"
    path.write_text("edited", encoding="utf-8")
    again = run_cli(*args)
    assert again.returncode == 1
    assert again.stderr.strip() == f"error: {path} already exists; not overwriting it"
    assert path.read_text(encoding="utf-8") == "edited"


def test_new_checks_leader_names_against_the_leader_files(sample: SampleSite):
    result = run_cli("new", "X", "--date", "2024-10-24", "--leader", "Tô Lan", "--content", str(sample.content))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: unknown leader 'Tô Lan'; did you mean Tô Lâm?"
    assert list((sample.content / "events").iterdir()) == []


@pytest.mark.parametrize("typed", ["to lam", "TO LAM", "tô lam", "  to   lam "])
def test_new_accepts_a_leader_typed_without_diacritics_when_one_leader_folds_to_it(sample: SampleSite, typed: str):
    result = run_cli("new", "X", "--date", "2024-10-24", "--leader", typed, "--content", str(sample.content))
    assert result.returncode == 0, result.stderr
    assert '  - name: "Tô Lâm"' in Path(result.stdout.strip()).read_text(encoding="utf-8").split("\n")


def test_new_folds_d_with_stroke_which_has_no_decomposition(sample: SampleSite):
    sample.leader("dang-thi-ngoc-thinh", "Đặng Thị Ngọc Thịnh", "Việt Nam")
    result = run_cli("new", "X", "--date", "2024-10-24", "--leader", "dang thi ngoc thinh", "--content", str(sample.content))
    assert result.returncode == 0, result.stderr
    assert '  - name: "Đặng Thị Ngọc Thịnh"' in Path(result.stdout.strip()).read_text(encoding="utf-8").split("\n")


def test_new_refuses_a_folded_name_two_leaders_share(sample: SampleSite):
    sample.leader("to-lam-2", "Tổ Lắm", "Laos")
    result = run_cli("new", "X", "--date", "2024-10-24", "--leader", "to lam", "--content", str(sample.content))
    assert result.returncode == 1
    assert result.stderr == "error: leader 'to lam' could be Tổ Lắm or Tô Lâm: write the name with its diacritics\n"
    assert list((sample.content / "events").iterdir()) == []


@pytest.mark.parametrize("source, message", [
    ("VSN", "unknown publisher 'VSN' in --source; did you mean VNA or VNS?"),
    ("VNA/KLP", "unknown publisher 'KLP' in --source; did you mean KPL?"),
    ("Reuters", "unknown publisher 'Reuters' in --source; add it to content/sources.yml"),
    ("VNA/", "source 'VNA/' has an empty credit: name publishers joined by /, like VNA/VNS"),
])
def test_new_refuses_an_unknown_publisher_with_the_closest_keys(sample: SampleSite, source: str, message: str):
    result = run_cli("new", "X", "--date", "2024-10-24", "--leader", "Lâm", "--source", source,
                     "--content", str(sample.content), cwd=sample.root)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"error: {message}\n")
    assert list((sample.content / "events").iterdir()) == []


def test_check_reports_every_problem_of_a_scaffolded_file_at_once(sample: SampleSite):
    made = run_cli("new", "Leaders meet", "--date", "2024-10-25", "--leader", "Lâm", "--source", "VNS",
                   "--content", str(sample.content), cwd=sample.root)
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    # A contributor edits the front matter wrongly before writing the body.
    path.write_text(path.read_text(encoding="utf-8").replace('source: "VNS"', 'source: "VSN"')
                    .replace('name: "Tô Lâm"', 'name: "Tô Lam"'), encoding="utf-8")
    shown = "content/events/2024-10-25-leaders-meet.md"
    check = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert check.returncode == 1
    errors = [line for line in check.stderr.splitlines() if line.startswith(shown) and ": warning:" not in line]
    assert errors == [
        f"{shown}:10: unknown leader 'Tô Lam' in `leaders`; did you mean Tô Lâm?",
        f"{shown}:15: unknown publisher 'VSN' in `source`; did you mean VNA or VNS?",
        f"{shown}:19: the scaffold's placeholder is still here: {BODY_PLACEHOLDER!r}; write the article text instead",
    ]
    assert check.stderr.splitlines()[-1].startswith("3 errors, ")
    built = run_cli("build", "--content", str(sample.content), "--out", str(sample.root / "_site"), "--no-cache",
                    cwd=sample.root)
    assert built.returncode == 1 and built.stderr.splitlines()[:3] == errors
    assert not (sample.root / "_site").exists()


@pytest.mark.parametrize("title", ["", "   ", "\t"])
def test_new_refuses_an_empty_title(sample: SampleSite, title: str):
    result = run_cli("new", title, "--date", "2023", "--content", str(sample.content))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == 'error: the title is empty: give the event\'s headline, e.g. "Tô Lâm meets Thongloun Sisoulith"\n'
    assert list((sample.content / "events").iterdir()) == []


def test_new_says_what_is_still_to_fill_in_and_where(sample: SampleSite):
    result = run_cli("new", "Leaders meet", "--date", "2023", "--content", str(sample.content), cwd=sample.root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{sample.content / 'events' / '2023-leaders-meet.md'}\n"
    shown = "content/events/2023-leaders-meet.md"
    assert result.stderr.splitlines() == [
        "still to fill in:",
        f"  {shown}:7: `place`: City, Country, if the article gives it",
        f"  {shown}:9: `leaders`: who took part (check needs at least one)",
        f"  {shown}:13: `source`: the credit at the end of the article, e.g. VNS",
        f"  {shown}:17: the article text, in place of the placeholder",
    ]
    lines = (sample.root / shown).read_text(encoding="utf-8").split("\n")
    assert [lines[number - 1] for number in (7, 9, 13, 17)] == ['place: ""', "leaders: []", 'source: ""', BODY_PLACEHOLDER]


def test_check_and_build_fail_while_the_scaffolds_placeholder_is_left_in(sample: SampleSite):
    sample.event("2024-10-24-a.md", event_text())
    out = sample.build()
    before = tree(out)
    made = run_cli("new", "Leaders meet", "--date", "2024-10-25", "--leader", "Lâm", "--source", "VNS",
                   "--content", str(sample.content), cwd=sample.root)
    assert made.returncode == 0, made.stderr
    expected = (f"content/events/2024-10-25-leaders-meet.md:19: the scaffold's placeholder is still here: "
                f"{BODY_PLACEHOLDER!r}; write the article text instead")
    check = run_cli("check", "--content", str(sample.content), cwd=sample.root)
    assert check.returncode == 1 and expected in check.stderr.splitlines()
    built = run_cli("build", "--content", str(sample.content), "--out", str(out), "--no-cache", cwd=sample.root)
    assert built.returncode == 1 and built.stderr.splitlines()[0] == expected
    assert tree(out) == before
    path = sample.content / "events" / "2024-10-25-leaders-meet.md"
    path.write_text(path.read_text(encoding="utf-8").replace(BODY_PLACEHOLDER, "Leaders met."), encoding="utf-8")
    assert run_cli("check", "--content", str(sample.content), cwd=sample.root).returncode == 0


def test_new_refuses_an_impossible_date(sample: SampleSite):
    result = run_cli("new", "X", "--date", "2025-02-30", "--content", str(sample.content))
    assert result.returncode == 2
    assert "argument --date: '2025-02-30' is not a real date: February 2025 has 28 days" in result.stderr


@pytest.mark.parametrize("date, name", [
    ("circa 1977", "1977-talks.md"), ("before 1977-07-18", "1977-07-18-talks.md"), ("after 1975-12", "1975-12-talks.md"),
])
def test_new_keeps_a_qualified_date_as_given(sample: SampleSite, date: str, name: str):
    # Writing only the digits would claim the date is known exactly.
    result = run_cli("new", "Talks", "--date", date, "--leader", "Lâm", "--source", "VNS", "--content", str(sample.content))
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == sample.content / "events" / name
    text = path.read_text(encoding="utf-8")
    assert f"\ndate: {date}\n" in text
    path.write_text(text.replace(BODY_PLACEHOLDER, "Talks were held."), encoding="utf-8")
    problems = []
    # `new` has no report's address to write: the file is fine but for that warning.
    assert load_event(path, problems).date.written == date and [p.message for p in problems] == [NO_SOURCE_URL]


@pytest.fixture
def leaders_only(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT / "leaders", content / "leaders")
    shutil.copy(REAL_CONTENT / "site.yml", content / "site.yml")
    shutil.copy(REAL_CONTENT / "sources.yml", content / "sources.yml")
    return content


def test_importing_the_seed_articles_matches_the_content_files_field_by_field(leaders_only: Path):
    result = run_cli("import", *map(str, sorted(SEEDS.glob("*.txt"))), "--content", str(leaders_only))
    assert result.returncode == 0, result.stderr
    imported = sorted((leaders_only / "events").glob("*.md"))
    written = [REAL_CONTENT / "events" / name for name in ("2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md",
                                                         "2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane.md")]
    assert len(imported) == len(written) == 2
    for new_path, real_path in zip(imported, written):
        new, real = load_event(new_path, []), load_event(real_path, [])
        assert new.date == real.date
        assert new.place == real.place
        assert [ref.name for ref in new.leaders] == [ref.name for ref in real.leaders]
        assert [ref.name for ref in new.mentions] == [ref.name for ref in real.mentions]
        assert new.source == real.source
        assert new.body == real.body
    site, problems = load_site(Project(content_dir=leaders_only))
    assert [str(p) for p in problems if not p.warning] == []


def test_import_reports_what_it_found_and_what_it_did_not(leaders_only: Path, tmp_path: Path):
    article = tmp_path / "article.txt"
    article.write_text(" date 2023-06 HUẾ — Officials met in Huế.\n\nTô Lâm was mentioned.\n", encoding="utf-8")
    result = run_cli("import", str(article), "--content", str(leaders_only))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{article} -> {leaders_only / 'events' / '2023-06-officials-met-in-hue.md'}",
        "  date: 2023-06",
        "  place: Huế, Việt Nam",
        "  source: not found (no trailing `— CREDIT`): add it",
        "  leaders: none found in the first paragraph: add them",
        "  mentions: Tô Lâm",
        "  title: drafted from the first sentence; write a short headline",
        "  roles: not filled in; add each leader's role as the article gives it",
    ]


def test_import_accepts_crlf_a_bom_nfd_and_a_double_hyphen_credit(leaders_only: Path, tmp_path: Path):
    raw = " date 2024-03-05 HÀ NỘI — Tô Lâm met Saysomphone Phomvihane in Hà Nội.\r\n\r\nMore text. -- VNA/VNS\r\n"
    article = tmp_path / "article.txt"
    article.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", raw).encode("utf-8"))
    result = run_cli("import", str(article), "--content", str(leaders_only))
    assert result.returncode == 0, result.stderr
    [path] = (leaders_only / "events").glob("*.md")
    data = path.read_bytes()
    assert data.decode("utf-8") == unicodedata.normalize("NFC", data.decode("utf-8")) and b"\r" not in data
    event = load_event(path, [])
    assert (event.date.iso, event.place, event.source) == ("2024-03-05", "Hà Nội, Việt Nam", "VNA/VNS")
    assert [ref.name for ref in event.leaders] == ["Tô Lâm", "Saysomphone Phomvihane"]
    assert event.body == "Tô Lâm met Saysomphone Phomvihane in Hà Nội.\n\nMore text."


def test_import_force_imports_an_article_again_over_its_file_and_rejects_a_file_without_a_header(
        leaders_only: Path, tmp_path: Path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    first = run_cli("import", str(seed), "--content", str(leaders_only))
    assert first.returncode == 0, first.stderr
    [path] = (leaders_only / "events").glob("*.md")
    fresh = path.read_text(encoding="utf-8")
    path.write_text(fresh.replace("Kazan", "Somewhere else"), encoding="utf-8")  # a botched edit to start over
    refused = run_cli("import", str(seed), "--content", str(leaders_only))
    assert refused.returncode == 1 and "use --force to import it again" in refused.stderr
    again = run_cli("import", str(seed), "--force", "--content", str(leaders_only))
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[0] == f"{seed} -> {path} (replaced the file that was there)"
    assert path.read_text(encoding="utf-8") == fresh
    assert [p.name for p in (leaders_only / "events").iterdir()] == [path.name]  # no temporary file left
    headless = tmp_path / "plain.txt"
    headless.write_text("Just text. — VNS\n", encoding="utf-8")
    result = run_cli("import", str(headless), "--content", str(leaders_only))
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {headless}:1: no header: expected ` date YYYY-MM-DD CITY — ` at the start"


@pytest.fixture
def real_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(REAL_CONTENT, content)
    return content


def test_importing_an_article_already_in_the_events_is_refused_naming_the_event(real_copy: Path):
    seeds = sorted(SEEDS.glob("*.txt"))
    before = tree(real_copy)
    result = run_cli("import", *map(str, seeds), "--content", str(real_copy), cwd=real_copy.parent)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {seeds[0]}: already imported as content/events/2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md"
        " (the same date and leaders); use --force to import it again",
        f"error: {seeds[1]}: already imported as content/events/2025-12-01-to-lam-meets-saysomphone-phomvihane-in-vientiane.md"
        " (the same date and leaders); use --force to import it again",
    ]
    assert result.stdout == ""
    assert tree(real_copy) == before


def test_the_same_text_under_another_date_is_refused_and_force_imports_it(real_copy: Path, tmp_path: Path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    redated = tmp_path / "redated.txt"
    redated.write_text(seed.read_text(encoding="utf-8").replace("2024-10-24", "2024-10-25", 1), encoding="utf-8")
    result = run_cli("import", str(redated), "--content", str(real_copy), cwd=real_copy.parent)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"error: {redated}: already imported as content/events/"
                             "2024-10-24-pham-minh-chinh-meets-thongloun-sisoulith-in-kazan.md (the same text); "
                             "use --force to import it again\n")
    forced = run_cli("import", str(redated), "--force", "--content", str(real_copy), cwd=real_copy.parent)
    assert forced.returncode == 0, forced.stderr
    assert len(list((real_copy / "events").glob("2024-10-25-*.md"))) == 1


def test_the_same_article_twice_in_one_import_is_written_once(leaders_only: Path, tmp_path: Path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed.read_bytes())
    result = run_cli("import", str(seed), str(copy), "--content", str(leaders_only), cwd=leaders_only.parent)
    assert result.returncode == 1
    [written] = (leaders_only / "events").glob("*.md")
    assert result.stderr == (f"error: {copy}: already imported as content/events/{written.name} "
                             "(the same date and leaders); use --force to import it again\n")
