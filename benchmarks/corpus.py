"""Write a synthetic corpus in the project's content format: `python -m benchmarks.corpus OUT --events N --leaders L`.

Events carry about 4 KB of Markdown each, 2–3 leaders out of L (one leader in
twenty from a third country), one or two publishers (each side's press, and
one international), dates spread over decades (one in ten known only to the
month, one in twenty only to the year, one in twenty only roughly: circa,
before or after). The text is generated, deterministic for a given N and L,
and fictional.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

WORDS = (
    "cooperation friendship solidarity delegation ministry province border trade investment railway "
    "hydropower education training agriculture security defence culture tourism connectivity agreement "
    "memorandum committee assembly visit talks reception exchange development infrastructure project "
    "economy partnership youth health science technology logistics customs energy"
).split()
COUNTRIES = ("Việt Nam", "Laos")
THIRD_COUNTRY = "Cambodia"
SITE_YML = """\
title: Benchmark timeline
description: A synthetic corpus.
base_url: https://example.org/
language: en
countries:
  - {name: Việt Nam, adjective: Vietnamese}
  - {name: Laos, adjective: Lao}
  - {name: Cambodia, adjective: Cambodian}
"""
SOURCES_YML = """\
VNA: {name: Vietnam News Agency, country: Việt Nam}
VNS: {name: Việt Nam News, country: Việt Nam}
NDO: {name: Nhân Dân, country: Việt Nam}
KPL: {name: Lao News Agency, country: Laos}
VT: {name: Vientiane Times, country: Laos}
AKP: {name: Agence Kampuchea Presse, country: Cambodia}
"""
CREDITS = ("VNA", "VNS", "NDO", "KPL", "VT", "AKP")
CITIES = ("Hà Nội, Việt Nam", "Vientiane, Laos", "Đà Nẵng, Việt Nam", "Luang Prabang, Laos", "Huế, Việt Nam",
          "Pakse, Laos", "Hồ Chí Minh City, Việt Nam", "Savannakhet, Laos")
TOPICS = ("trade", "security", "education", "energy", "culture", "infrastructure", "ASEAN", "agriculture")
SYLLABLES = ("an", "bao", "cuong", "dung", "hai", "hung", "khanh", "lam", "long", "minh", "nam", "phong",
             "quang", "son", "thanh", "tuan", "vinh", "xuan", "bounmy", "khamla", "phouvong", "somsak",
             "thongsay", "vilay", "sengdao", "phonsavan", "keo", "manivong")


def leader_names(count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(slug, name, country) for `count` distinct fictional leaders."""
    leaders, seen = [], set()
    while len(leaders) < count:
        parts = [rng.choice(SYLLABLES).capitalize() for _ in range(rng.choice((2, 3)))]
        name = " ".join(parts)
        slug = "-".join(part.lower() for part in parts)
        if slug not in seen:
            seen.add(slug)
            leaders.append((slug, name, THIRD_COUNTRY if len(leaders) % 20 == 19 else COUNTRIES[len(leaders) % 2]))
    return leaders


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def event_text(index: int, rng: random.Random, leaders: list[tuple[str, str, str]]) -> tuple[str, str]:
    year = rng.randint(1976, 2025)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    precision = rng.random()
    date = f"{year}" if precision < 0.05 else f"{year}-{month:02d}" if precision < 0.15 else f"{year}-{month:02d}-{day:02d}"
    digits = date
    if rng.random() < 0.05:
        date = f"{rng.choice(('circa', 'before', 'after'))} {date}"
    credit = "/".join(rng.sample(CREDITS, rng.choice((1, 1, 2))))
    chosen = rng.sample(leaders, rng.choice((2, 3)))
    title = f"Meeting {index}: {chosen[0][1]} and {chosen[1][1]} discuss {rng.choice(WORDS)}"
    people = "\n".join(f"  - name: {name}\n    role: Minister of {rng.choice(WORDS).capitalize()}" for _, name, _ in chosen)
    body = "\n\n".join(
        ([f"**{chosen[0][1]}** met *{chosen[1][1]}* to discuss [{rng.choice(WORDS)}](https://example.org/{index})."]
         + [paragraph(rng, rng.randint(80, 110)) for _ in range(4)])
    )
    text = (f"---\ntitle: \"{title}\"\ndate: {date}\nplace: {rng.choice(CITIES)}\nleaders:\n{people}\n"
            f"source: {credit}\ntopics: [{rng.choice(TOPICS)}]\nsummary: {paragraph(rng, 20)}\n---\n\n{body}\n")
    return f"{digits}-meeting-{index}.md", text


def translation_text(text: str) -> str:
    """A stand-in translation of an event file: its title, summary and body, marked, in another language's file
    (the words stay the corpus's: only their amount and the work of a second edition matter here)."""
    front, _, body = text.removeprefix("---\n").partition("\n---\n")
    fields = dict(line.split(": ", 1) for line in front.splitlines() if line.startswith(("title: ", "summary: ")))
    return (f"---\ntitle: \"[vi] {fields['title'].strip(chr(34))}\"\nsummary: \"[vi] {fields['summary']}\"\n---\n"
            f"{body}")


def write_corpus(out: Path, events: int, leaders: int, seed: int = 1, translated: bool = False) -> Path:
    """Write site.yml, `leaders` leaders and `events` events under `out/content`; return the content path.
    `translated`: a site in English and Vietnamese, every event with its translation beside it."""
    rng = random.Random(seed)
    content = out / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "events").mkdir(parents=True)
    (content / "leaders").mkdir()
    site_yml = SITE_YML.replace("language: en\n", "languages:\n  - code: en\n  - code: vi\n") if translated else SITE_YML
    (content / "site.yml").write_text(site_yml, encoding="utf-8")
    (content / "sources.yml").write_text(SOURCES_YML, encoding="utf-8")
    people = leader_names(leaders, rng)
    for slug, name, country in people:
        (content / "leaders" / f"{slug}.md").write_text(
            f"---\nname: {name}\ncountry: {country}\naliases: []\n---\n\nA fictional leader for benchmarks.\n", encoding="utf-8")
    for index in range(events):
        name, text = event_text(index, rng, people)
        (content / "events" / name).write_text(text, encoding="utf-8")
        if translated:
            (content / "events" / name.replace(".md", ".vi.md")).write_text(translation_text(text), encoding="utf-8")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--events", type=int, default=4000)
    parser.add_argument("--leaders", type=int, default=200)
    parser.add_argument("--translated", action="store_true", help="in English and Vietnamese, every event translated")
    args = parser.parse_args()
    print(write_corpus(args.out, args.events, args.leaders, translated=args.translated))


if __name__ == "__main__":
    main()
