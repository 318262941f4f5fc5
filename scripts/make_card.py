"""Draw static/images/card.png, the picture shared links show (`og:image`): 1200 × 630, no text.

No text, so no font is needed and nothing in it needs translating; the page's title and description travel
beside it in the Open Graph tags. Written with the standard library only (zlib for PNG's deflate), so the same
script always makes the same bytes: `python scripts/make_card.py` rewrites the file, and a test checks that
the committed one is what it makes.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

WIDTH, HEIGHT = 1200, 630  # the size Open Graph and Twitter's summary_large_image cards are shown at
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "images" / "card.png"

# The site's light palette (static/css/site.css): background, rule, accent, muted text.
BACKGROUND, LINE, ACCENT, MUTED = (0xFB, 0xFA, 0xF7), (0xD8, 0xD1, 0xC5), (0x9B, 0x1C, 0x1C), (0x55, 0x5D, 0x66)
AXIS_Y, AXIS_HALF_THICKNESS = 315, 4
EVENTS = [(140, ACCENT, 26), (300, MUTED, 18), (430, ACCENT, 22), (560, MUTED, 30), (690, ACCENT, 18),
          (800, MUTED, 22), (930, ACCENT, 34), (1060, MUTED, 20)]  # a timeline's dots: x, colour, radius


def pixels() -> list[bytearray]:
    """The image's rows, RGB: a band of the accent at the top and bottom, a timeline axis with dots on it."""
    rows = []
    for y in range(HEIGHT):
        row = bytearray(bytes(BACKGROUND) * WIDTH)
        if y < 24 or y >= HEIGHT - 24:
            row[:] = bytes(ACCENT) * WIDTH
        elif abs(y - AXIS_Y) <= AXIS_HALF_THICKNESS:
            row[80 * 3:(WIDTH - 80) * 3] = bytes(LINE) * (WIDTH - 160)
        for x0, colour, radius in EVENTS:
            dy = y - AXIS_Y
            if abs(dy) <= radius:
                half = int((radius * radius - dy * dy) ** 0.5)
                row[(x0 - half) * 3:(x0 + half + 1) * 3] = bytes(colour) * (2 * half + 1)
        rows.append(row)
    return rows


def png(rows: list[bytearray]) -> bytes:
    """A truecolour PNG of `rows` (filter type 0 on every row)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main() -> int:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(png(pixels()))
    print(OUTPUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
