"""The helper that stats the content and the output while the cache loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SampleSite, event_text

from generator.cache import BuildCache
from generator.cachefile import OUTPUTS_FILE, version_key
from generator.content import ParseCache, load_content
from generator.output import IncrementalWriter, TreeSurvey, file_stamp, standby_path
from generator.pipeline import PROJECT_ROOT, build
from generator.sources import file_signature
from generator.survey import start_survey, survey, survey_content


def _built_twice(sample: SampleSite, tmp_path: Path) -> tuple[Path, BuildCache]:
    sample.event("2024-10-24-a.md", event_text())
    out, cache = tmp_path / "_site", BuildCache(tmp_path / ".cache")
    build(sample.project, out, cache_dir=cache.directory)
    build(sample.project, out, cache_dir=cache.directory)  # now there is a standby copy
    return out, cache


def test_the_helper_answers_as_the_build_would_ask(sample: SampleSite, tmp_path: Path):
    out, cache = _built_twice(sample, tmp_path)
    answers = start_survey(sample.content, out, cache.directory).result()
    assert answers == survey(sample.content, out, cache.directory)
    events = str(sample.content / "events")
    assert answers.listings[events] == [str(sample.content / "events" / "2024-10-24-a.md")]
    assert answers.signatures == {path: file_signature(path) for path in answers.signatures}
    assert len(answers.signatures) == 1 + sum(map(len, answers.listings.values()))  # and site.yml
    standby = standby_path(out.resolve())
    assert answers.standby.root == str(standby)
    assert answers.standby.stamps == {
        path.relative_to(standby).as_posix(): file_stamp(str(path)) for path in standby.rglob("*") if path.is_file()}
    assert "" in answers.standby.mtimes and "events" in answers.standby.mtimes


def test_a_question_the_helper_cannot_answer_is_left_to_the_build(sample: SampleSite, tmp_path: Path):
    _, cache = _built_twice(sample, tmp_path)
    loop = tmp_path / "loop"
    loop.symlink_to(loop)  # resolving it fails
    answers = start_survey(sample.content, loop, cache.directory).result()
    assert answers.standby == TreeSurvey.nothing()  # the output is checked as the build goes
    assert answers.listings == survey_content(sample.content)[0]  # the content's half still answered


def test_the_helper_reads_no_manifest_the_cache_would_not_trust(sample: SampleSite, tmp_path: Path):
    out, cache = _built_twice(sample, tmp_path)
    manifests = cache.directory / OUTPUTS_FILE
    assert start_survey(sample.content, out, cache.directory).result().standby.stamps  # read, and believed
    manifests.write_bytes(manifests.read_bytes().replace(version_key(), b"0" * len(version_key()), 1))
    answers = start_survey(sample.content, out, cache.directory).result()
    assert answers.standby == TreeSurvey.nothing()
    assert answers.signatures  # the content's part needs no manifest


def test_the_parse_cache_believes_the_survey_once(sample: SampleSite):
    path = sample.event("2024-10-24-a.md", event_text(title="Old"))
    cache = ParseCache()
    cache.RECENT_NS = 0  # trust the signature of a file written this instant
    load_content(sample.content, cache)
    seen = file_signature(str(path))
    sample.event("2024-10-24-a.md", event_text(title="New"))
    cache.take_survey({}, {str(path): seen})  # surveyed before the edit
    assert [event.title for event in load_content(sample.content, cache).events] == ["Old"]
    assert [event.title for event in load_content(sample.content, cache).events] == ["New"]


def test_the_writer_believes_the_survey_of_its_standby_copy(sample: SampleSite, tmp_path: Path):
    out, cache = _built_twice(sample, tmp_path)
    state = cache.load()[0].outputs[str(out.resolve())]
    output, (fingerprint, _) = next(iter(state.standby.files.items()))
    root = str(standby_path(out.resolve()))
    with IncrementalWriter(out, state) as writer:
        assert writer.has(output, fingerprint)
    with IncrementalWriter(out, state, TreeSurvey(root, {output: None}, {})) as writer:  # "gone since the last build"
        assert not writer._in_standby(output, fingerprint)
    with IncrementalWriter(out, state, TreeSurvey(root + "-elsewhere", {output: None}, {})) as writer:  # another tree's
        assert writer._in_standby(output, fingerprint)


def test_the_helper_is_started_before_the_pipeline_is_imported():
    # The command line forks the survey's helper first, so that it works while the pipeline's modules load:
    # neither that helper nor the command line may need them to start.
    heavy = ["generator.content", "generator.pipeline", "generator.cache", "generator.render", "yaml", "jinja2",
             "markdown"]
    script = ("import sys, generator.cli, generator.survey; "
              f"print(sorted(name for name in {heavy!r} if name in sys.modules))")
    found = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
