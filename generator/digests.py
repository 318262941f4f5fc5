"""Digests of exact strings, shared by the stages that fingerprint what they make (pages, data files)."""

from __future__ import annotations

import hashlib


def key_digest(*keys: str) -> str:
    """A digest of strings that are digests (hex) or reprs (which escape control characters), kept apart by \\x1f."""
    return hashlib.blake2b("\x1f".join(keys).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def content_digest(data: bytes) -> str:
    """The fingerprint of a file known by its bytes (a static file, a search piece), distinct from any page's."""
    return "=" + hashlib.blake2b(data, digest_size=16).hexdigest()
