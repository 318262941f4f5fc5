"""The build cache's file format, and its output manifests (see `cache`).

Every cache file is a header (a magic line, the version key, the payload's
checksum, a blank line) and a payload. Kept apart from `cache`, which holds
the generator's record types, so that a build's survey helper can read the
output manifests without importing them.
"""

from __future__ import annotations

import functools
import io
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from .output import OutputState

MAGIC = b"vn-lao-timeline build cache\n"
OUTPUTS_FILE = "outputs.marshal"  # the manifest of each output directory, by its resolved path
_LIBRARIES = ("jinja2", "markdown", "nh3", "yaml", "slugify", "markupsafe", "frontmatter")


class Foreign(Exception):
    """Why a cache file cannot be used (and which file, once known)."""

    def __init__(self, reason: str, path: Path | None = None):
        super().__init__(reason)
        self.reason, self.path = reason, path


@functools.cache
def version_key() -> bytes:
    """Changes whenever the generator's code, its libraries or Python change."""
    import hashlib
    import importlib.util  # both only here: the survey helper that imports this module has no use for them

    digest = hashlib.sha256(sys.version.encode())
    for name in _LIBRARIES:
        # An upgrade rewrites the package's files: their size and time stand for its version.
        spec = importlib.util.find_spec(name)
        info = os.stat(spec.origin if spec and spec.origin else os.devnull)
        digest.update(f"{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    package = Path(__file__).parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest().encode()


def checksum(payload: bytes | memoryview) -> bytes:
    # Guards against damage (a truncated or altered file), not against an attacker (see `cache._ALLOWED`).
    return b"%08x" % zlib.crc32(payload)


def framed(payload: bytes) -> bytes:
    """A cache file's bytes: the header, then `payload`."""
    return MAGIC + version_key() + b"\n" + checksum(payload) + b"\n\n" + payload


def payload_of(data: bytes) -> io.BytesIO:
    """The payload of a cache file, once its header and checksum are checked, ready to read; Foreign if not."""
    end = data.find(b"\n\n", 0, 1024)
    fields = data[:end].split(b"\n") if end >= 0 else []
    if len(fields) != 3 or fields[0] + b"\n" != MAGIC:
        raise Foreign("not a cache this generator wrote")
    if fields[1] != version_key():
        raise Foreign("from another version of the generator or its libraries")
    if fields[2] != checksum(memoryview(data)[end + 2:]):
        raise Foreign("corrupt (its checksum does not match)")
    # Payloads run to megabytes: read them in place (a BytesIO made from bytes shares them), not copied by a slice.
    payload = io.BytesIO(data)
    payload.seek(end + 2)
    return payload


def plain_values(payload: io.BytesIO) -> Any:
    """What a payload in marshal's format holds (see `cache._MARSHALLED`), read in place."""
    return marshal.loads(payload.getbuffer()[payload.tell():])


def manifests_from(payload: io.BytesIO) -> dict[str, OutputState]:
    """The output manifests a payload holds; an exception (TypeError, ValueError, …) if it holds anything else."""
    return {key: OutputState.from_plain(state) for key, state in plain_values(payload).items()}


def manifests_to(outputs: dict[str, OutputState]) -> bytes:
    return marshal.dumps({key: state.plain() for key, state in outputs.items()})


def read_manifests(cache_dir: Path) -> dict[str, OutputState]:
    """The output manifests saved in `cache_dir`; {} if there are none that can be trusted."""
    try:
        return manifests_from(payload_of((cache_dir / OUTPUTS_FILE).read_bytes()))
    except Exception:  # noqa: BLE001 - unreadable, foreign or misshapen: the same to a reader who only saves time
        return {}
