"""The default card image (`static/images/card.png`) is what `scripts/make_card.py` draws, and a valid PNG."""

from __future__ import annotations

import runpy
import struct
import zlib

from generator.pipeline import PROJECT_ROOT

CARD = PROJECT_ROOT / "static" / "images" / "card.png"


def test_the_committed_card_is_what_the_script_makes():
    script = runpy.run_path(str(PROJECT_ROOT / "scripts" / "make_card.py"))
    assert CARD.read_bytes() == script["png"](script["pixels"]())


def test_the_card_is_a_1200_by_630_rgb_png_with_sound_chunks():
    data = CARD.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body, (crc,) = data[at + 8:at + 8 + length], struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour) == (1200, 630, 8, 2)
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + width * 3)
    assert len(data) < 50_000  # social sites fetch it for every shared link
