"""The build cache on disk (`--cache-dir`, `.cache/` by default).

One file holds what a build worked out, for the next build to reuse: parsed
records keyed by the digest of their file, their Markdown as HTML, each event's
share of the data files, and for each output directory the fingerprint of
every file it holds (which tells the next build which pages a change affects).

A cache is only used if it is whole (its checksum matches), was written by this
very version of the generator and of its libraries, and contains nothing but
the generator's own record types; anything else is discarded with a warning.
Jinja's compiled templates live beside it, checked by Jinja against each
template's source.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from .content import ContentError, Parsed, Signature, display_path
from .feeds import EventData
from .output import OutputState
from .render import EventHTML

CACHE_FILE = "build.pickle"
TEMPLATES_DIR = "templates"
_MAGIC = b"vn-lao-timeline build cache\n"
_LIBRARIES = ("jinja2", "markdown", "nh3", "PyYAML", "python-slugify", "MarkupSafe")
_CACHEDIR_TAG = (b"Signature: 8a477f597d28d172789f06886806bc55\n"
                 b"# The build cache of the Viet Nam-Laos timeline generator; safe to delete.\n")

# The only classes a cache may contain (pickle would otherwise build any object it names).
_ALLOWED = {
    ("generator.content", "Event"), ("generator.content", "Leader"), ("generator.content", "LeaderRef"),
    ("generator.content", "ContentError"), ("generator.dates", "PartialDate"), ("generator.render", "EventHTML"),
    ("generator.feeds", "EventData"), ("generator.output", "OutputState"), ("generator.cache", "Saved"),
    ("markupsafe", "Markup"),
}


@dataclass
class Saved:
    """What one build leaves for the next."""

    parsed: dict[str, Parsed] = field(default_factory=dict)
    signatures: dict[str, tuple[Signature, str]] = field(default_factory=dict)
    event_html: dict[str, EventHTML] = field(default_factory=dict)
    leader_html: dict[str, Any] = field(default_factory=dict)
    pieces: dict[str, EventData] = field(default_factory=dict)
    outputs: dict[str, OutputState] = field(default_factory=dict)  # by resolved output directory


def version_key() -> bytes:
    """Changes whenever the generator's code, its libraries or Python change."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest().encode()


class _RecordUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cache record type")
        return super().find_class(module, name)


class BuildCache:
    """Loads and saves `Saved` in a directory."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.path = directory / CACHE_FILE
        self.templates_dir = directory / TEMPLATES_DIR

    def load(self) -> tuple[Saved, list[ContentError]]:
        """The saved state, or an empty one (with a warning saying why) if it cannot be trusted."""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Saved(), []
        except OSError as error:
            return Saved(), [self._warning(f"cannot read the build cache ({error.strerror}); building without it")]
        try:
            return self._decode(data), []
        except _Foreign as reason:
            return Saved(), [self._warning(f"the build cache is {reason}; it was discarded and will be rebuilt")]

    def _decode(self, data: bytes) -> Saved:
        header, _, payload = data.partition(b"\n\n")
        fields = header.split(b"\n")
        if len(fields) != 3 or fields[0] + b"\n" != _MAGIC:
            raise _Foreign("not a cache this generator wrote")
        if fields[1] != version_key():
            raise _Foreign("from another version of the generator or its libraries")
        if fields[2] != hashlib.sha256(payload).hexdigest().encode():
            raise _Foreign("corrupt (its checksum does not match)")
        try:
            saved = _RecordUnpickler(io.BytesIO(payload)).load()
        except Exception as error:  # noqa: BLE001 - any decoding failure means the same: do not trust it
            raise _Foreign(f"unreadable ({type(error).__name__})") from None
        if not isinstance(saved, Saved):
            raise _Foreign("not a cache this generator wrote")
        return saved

    def save(self, saved: Saved) -> None:
        """Write atomically: a reader sees the old cache or the new one."""
        self.directory.mkdir(parents=True, exist_ok=True)
        tag = self.directory / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_bytes(_CACHEDIR_TAG)
        payload = pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL)
        header = _MAGIC + version_key() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n\n"
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.directory)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(header)
                file.write(payload)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _warning(self, message: str) -> ContentError:
        return ContentError(display_path(self.path), None, message, warning=True)


class _Foreign(Exception):
    """Why a cache file cannot be used."""
