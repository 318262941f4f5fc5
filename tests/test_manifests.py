"""The built output, byte for byte: SHA-256 manifests of `content/` and of the benchmark corpus.

A restructuring must not change a byte of the output. These manifests were
taken before one; update them only for a deliberate output change, in its own
commit: `python tests/test_manifests.py --update`.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.pipeline import PROJECT_ROOT, BuildOptions, Project, build  # noqa: E402

MANIFESTS = Path(__file__).parent / "data" / "manifests"
# The benchmark corpus at the size the other tests use, and at the size the benchmark's figures are quoted for.
CORPORA = {"corpus": {"events": 520, "leaders": 20}, "corpus-4000": {"events": 4000, "leaders": 200}}


def manifest(root: Path) -> str:
    """`sha256  path` for every file under `root`, sorted by path."""
    lines = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}"
             for path in sorted(root.rglob("*")) if path.is_file()]
    return "\n".join(lines) + "\n"


def _corpus(work: Path, name: str) -> Path:
    from benchmarks.corpus import write_corpus

    return write_corpus(work, **CORPORA[name])


def _built(content: Path, out: Path, cache_dir: Path | None) -> str:
    build(Project(content_dir=content), out, BuildOptions(), cache_dir=cache_dir)
    return manifest(out)


def _expected(name: str) -> str:
    return (MANIFESTS / f"{name}.sha256").read_text(encoding="utf-8")


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cached"])
def test_real_content_builds_to_the_manifest(tmp_path: Path, cached: bool) -> None:
    cache = tmp_path / "cache" if cached else None
    assert _built(PROJECT_ROOT / "content", tmp_path / "site", cache) == _expected("content")
    if cached:  # and again, from the cache
        assert _built(PROJECT_ROOT / "content", tmp_path / "site", cache) == _expected("content")


@pytest.fixture(scope="module")
def corpora(benchmark_corpus):
    """Each corpus of `CORPORA`, written once for both kinds of build (the builds only read it)."""
    written: dict[str, Path] = {}

    def content(name: str) -> Path:
        if name not in written:
            written[name] = benchmark_corpus(**CORPORA[name], name=name)
        return written[name]

    return content


@pytest.mark.parametrize("name", CORPORA)
@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cached"])
def test_benchmark_corpus_builds_to_the_manifest(corpora, tmp_path: Path, cached: bool, name: str,
                                                request: pytest.FixtureRequest) -> None:
    if not cached:  # through forked workers, as `build.py` makes a site of this size on two cores or more
        request.getfixturevalue("build_workers")
    content = corpora(name)
    cache = tmp_path / "cache" if cached else None
    assert _built(content, tmp_path / "site", cache) == _expected(name)
    if cached:
        assert _built(content, tmp_path / "site", cache) == _expected(name)


def _update() -> None:
    import tempfile

    MANIFESTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work_path = Path(work)
        (MANIFESTS / "content.sha256").write_text(
            _built(PROJECT_ROOT / "content", work_path / "real", None), encoding="utf-8")
        for name in CORPORA:
            (MANIFESTS / f"{name}.sha256").write_text(
                _built(_corpus(work_path / name, name), work_path / f"{name}-site", None), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_manifests.py --update")
    _update()
