"""The search index in pieces (`generator.exports.search_pieces`) and the days' scripts (`on_this_day`).

Each piece is read as the page reads it: the script's call taken apart and its data parsed as JSON, the sets
of events decoded; what they say is compared with search-index.json, read with json.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from chronology import HANOI, LEAP_DAY, OCTOBER_1977

from exports.conftest import KAZAN, MONTH, YEAR, data_files
from generator.exports import search_pieces
from generator.exports.search_pieces import decode, encode, read_piece
from generator.exports.splice import SourceChanges
from generator.pipeline import Project
from generator.text import fold


def read_all(files: dict[str, bytes]) -> dict[str, object]:
    """Every piece's data by name, each named in its own call as in its file name."""
    got = {}
    for path, data in files.items():
        if path.startswith("search/"):
            name, value = read_piece(data)
            assert path == f"search/{name}.js"
            got[name] = value
    return got


def events_with(pieces: dict[str, object], word: str) -> set[int]:
    """What the page does for a query word: the events with a word that starts with it."""
    manifest = pieces["index"]
    key = max((key for key in manifest["k"] if word.startswith(key)), key=len)
    piece = pieces["w" + key]
    if "u" in piece and key == word:
        return set(decode(piece["u"], manifest["n"]))
    return {event for known, postings in piece["w"].items() if known.startswith(word)
            for event in decode(postings, manifest["n"])}


def test_pieces_say_what_the_whole_index_says(files: dict[str, bytes]):
    index = json.loads(files["search-index.json"])
    pieces = read_all(files)
    manifest = pieces["index"]
    assert manifest["n"] == 3 and manifest["r"] == search_pieces.RECORDS and manifest["k"] == [""]  # one piece
    slugs = list(index)
    assert slugs == [YEAR, MONTH, KAZAN]
    for word in {word for entry in index.values() for word in entry["w"].split()}:
        for prefix in (word, word[:2]):
            assert events_with(pieces, prefix) == {
                number for number, slug in enumerate(slugs) if any(w.startswith(prefix) for w in index[slug]["w"].split())}
    assert decode(pieces["f-l-to-lam"], 3) == [0, 2]  # the year-only meeting names Lâm, Kazan Tô Lâm
    assert decode(pieces["f-m-pham-minh-chinh"], 3) == [2]
    assert decode(pieces["f-y-2024"], 3) == [1, 2] and decode(pieces["f-o-asean"], 3) == [2]
    assert pieces["r0"][2] == {"e": KAZAN, "t": "Tô Lâm meets Thongloun Sisoulith in Kazan", "d": "2024-10-24",
                               "h": "24 October 2024", "p": "Kazan, Russia", "u": f"events/{KAZAN}/index.html"}
    assert pieces["r0"][1]["t"] == "Chính & Lâm: <talks>"  # data, not HTML: the page sets it as text
    # The phrases: each word with the words that follow it in a title, summary, place, name or topic.
    assert decode(pieces["w"]["p"]["to"]["lam"], 3) == [0, 2]
    assert "to" not in pieces["w"]["p"].get("lam", {})  # an order, not a set


def test_the_index_is_split_by_the_next_letter_where_a_piece_grows_too_big(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(search_pieces, "BUDGET", 400)
    words = [f"ta{letter}{number}" for letter in "abc" for number in range(12)] + ["ta", "to", "tap"]
    entries = {f"e{number}": {"w": " ".join(words[number::7]), "b": [" ".join(words[number::7])], "t": "T", "d": "2024",
                              "h": "2024", "p": "", "u": f"/events/e{number}/"} for number in range(7)}
    entries["e0"]["b"] = [" ".join(f"the w{number}" for number in range(300))]
    entries["e0"]["w"] += " the " + " ".join(f"w{number}" for number in range(300))
    made = search_pieces.pieces(json.dumps(entries).encode(), "/")
    pieces = read_all(made)
    keys = pieces["index"]["k"]
    assert "t" in keys and "ta" in keys and "" not in keys  # split twice; the root has no piece of its own
    assert "u" in pieces["wta"] and set(pieces["wta"]["w"]) == {"ta"}  # the word itself, and all below it
    for word in {word for entry in entries.values() for word in entry["w"].split()} | {"t", "ta", "tab"}:
        assert events_with(pieces, word) == {number for number, entry in enumerate(entries.values())
                                              if any(w.startswith(word) for w in entry["w"].split())}, word
    # "the" is followed by too many words to keep its phrases in its piece: they are apart, by next letter.
    assert pieces["w" + max((key for key in keys if "the".startswith(key)), key=len)]["s"] == ["the"]
    assert decode(pieces["pthe-w"]["w0"], 7) == [0]
    assert all(len(data) <= 400 + 200 or path.startswith("search/pthe") for path, data in made.items()
               if path.startswith("search/w"))


def _index_entry(slug: str, entry: dict) -> bytes:
    """An entry of search-index.json, as `search_index.member` writes it."""
    return (json.dumps(slug) + ":" + json.dumps(entry, ensure_ascii=True, separators=(",", ":"))).encode()


def _random_entry(rng: random.Random, number: int) -> dict:
    vocabulary = [f"{letter}{rest}" for letter in "abt" for rest in ("", "a", "ab", "b", "ba", "bb", "x")] + ["the"]
    words = list(dict.fromkeys(rng.sample(vocabulary, rng.randrange(1, 12)) + [f"n{rng.randrange(40)}"]))
    fields = [" ".join(rng.choices(words, k=rng.randrange(1, 6))) for _ in range(rng.randrange(4))]
    if rng.random() < 0.3:  # "the" followed by many words: its phrases go apart
        fields.append(" ".join(f"the w{rng.randrange(300)}" for _ in range(rng.randrange(60))))
        words = list(dict.fromkeys([*words, "the", *" ".join(fields).split()]))
    return {"w": " ".join(words), "b": fields, "t": f"T{number} {rng.random()}", "d": "2024", "h": "2024",
            "p": rng.choice(["", "Hanoi"]), "u": f"/events/e{number}/index.html",
            "l": " ".join(rng.sample(["to-lam", "kaysone", "new-leader"], rng.randrange(3))),
            "o": rng.choice(["", "trade", "trade defence"]), "y": rng.choice(["2023", "2024"])}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pieces_made_again_from_changed_entries_are_those_of_the_whole_index(monkeypatch: pytest.MonkeyPatch,
                                                                             seed: int):
    """Edits that add and remove words, phrases (apart ones too), filters' values and pieces split by the next
    letter: the pieces made from the last state and the changed entries are the bytes made from the whole index,
    and so is the state kept."""
    monkeypatch.setattr(search_pieces, "BUDGET", 400)  # small pieces: edits split and join them
    rng = random.Random(seed)
    entries = [(f"e{number}", _random_entry(rng, number)) for number in range(40)]

    def whole(entries: list[tuple[str, dict]]) -> bytes:
        return b"{" + b",".join(_index_entry(*entry) for entry in entries) + b"}\n"

    _, state = search_pieces.pieces_and_state(whole(entries), None, None, "/")
    for _ in range(12):
        edited = list(entries)
        for number in rng.sample(range(len(entries)), rng.choice([1, 1, 2, 5])):
            edited[number] = (rng.choice([edited[number][0], f"e{number}-renamed"]), _random_entry(rng, number))
        old, new = [_index_entry(*entry) for entry in entries], [_index_entry(*entry) for entry in edited]
        changes = SourceChanges(len(new), tuple(number for number, piece in enumerate(new) if piece != old[number]),
                                old.__getitem__, new.__getitem__)
        with monkeypatch.context() as patched:  # from the changes alone: the index is not read whole
            patched.setattr(search_pieces, "_state_of", None)
            made, state = search_pieces.pieces_and_state(whole(edited), state, changes, "/")
        fresh, fresh_state = search_pieces.pieces_and_state(whole(edited), None, None, "/")
        assert made == fresh
        assert state == fresh_state
        entries = edited
    assert any(key.startswith("pthe-") for key in read_all(made)) and len(read_all(made)["index"]["k"]) > 3


@pytest.mark.parametrize("events", [[], [0], [5, 6, 7], list(range(0, 100, 3)), list(range(100))])
def test_sets_of_events_read_back_whether_gaps_or_bitmap(events: list[int]):
    encoded = encode(events, 100)
    assert decode(encoded, 100) == events
    gaps = json.dumps([b - a for a, b in zip([0, *events], events)], separators=(",", ":"))
    assert isinstance(encoded, str) == (len(events) > 9)  # the bitmap (20 characters) only where shorter
    assert len(json.dumps(encoded, separators=(",", ":"))) <= len(gaps)


def test_the_pieces_are_the_same_bytes_every_time_and_named_by_version(files: dict[str, bytes], sample):
    again = data_files(sample.project)
    assert {path: data for path, data in again.items() if path.startswith("search/")} == \
        {path: data for path, data in files.items() if path.startswith("search/")}
    version = read_all(files)["index"]["v"]
    edited = sample.content / "events" / f"{KAZAN}.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Kazan", "Sochi"), encoding="utf-8")
    assert read_all(data_files(sample.project))["index"]["v"] != version


def test_each_day_with_events_has_a_script_of_its_events(chronology_files: dict[str, bytes]):
    days = {path: data for path, data in chronology_files.items() if path.startswith("days/")}
    lines = [json.loads(line) for line in chronology_files["on-this-day.jsonl"].decode("utf-8").splitlines()]
    assert sorted(days) == sorted({f"days/{line[0]}.js" for line in lines})
    text = days["days/10-24.js"].decode("ascii")
    head = 'onThisDayPiece("10-24",'
    assert text.startswith(head) and text.endswith(");\n")
    # Links relative to the edition's first page, naming the index (which a disk does not serve by itself).
    assert json.loads(text[len(head):-3]) == [[1977, OCTOBER_1977, f"events/{OCTOBER_1977}/index.html"],
                                              [2024, KAZAN, f"events/{KAZAN}/index.html"]]
    assert json.loads(days["days/02-29.js"].decode("ascii")[len(head):-3]) == [
        [2020, LEAP_DAY, f"events/{LEAP_DAY}/index.html"]]
    assert "days/05-06.js" in days and HANOI


def test_on_the_corpus_every_word_and_phrase_is_found_in_its_piece(corpus: Path):
    files = data_files(Project(content_dir=corpus))
    index = json.loads(files["search-index.json"])
    pieces = read_all(files)
    slugs = list(index)
    assert len(pieces["index"]["k"]) > 1  # 520 events: split
    for number, slug in enumerate(slugs[::37]):
        entry = index[slug]
        for word in entry["w"].split()[::5]:
            assert slugs.index(slug) in events_with(pieces, word)
        for field in entry["b"]:
            assert field == fold(field)
    for record_piece in range(0, len(slugs), search_pieces.RECORDS):
        records = pieces[f"r{record_piece // search_pieces.RECORDS}"]
        assert [record["e"] for record in records] == slugs[record_piece:record_piece + search_pieces.RECORDS]
