"""The timeline's search index in pieces: small script files that a page loads only as a query needs them.

Made from the bytes of `search-index.json` alone (see `search_index`), so an
edition in another language gets its own pieces from its own index. Each piece
is a script that hands its data to the page, `timelineSearchPiece("name", {…});`:
a `<script>` element loads it from a web host and from a disk alike, where
`fetch()` of a local file is refused. Events are numbered in timeline order;
a set of events ("postings") is a JSON list of gaps between their numbers
(`[3, 1, 5]` is events 3, 4 and 9) or, where that is longer, a string: the
base64 of a bitmap, event i being bit i % 8 of byte i // 8.

The pieces:

- `index.js`: the version (a digest of every other piece), the number of
  events, the keys of the word pieces, and how many events a record piece holds;
- `w<key>.js`: the words that start with `key` (folded, as `text.fold` does),
  each with its events, and, for each word, the words that follow it in an
  event's title, summary, place, leaders' names or topics with the events
  where they do (the phrases). A piece that would grow past `BUDGET` bytes is
  split by the next letter: the piece of `key` then keeps only the word `key`
  itself and, as `u`, the events with any word starting with `key`. A word
  followed by many others (`the`, `meeting`) keeps its phrases apart, in
  `p<word>-<letter>.js` by the first letter of the word that follows, and is
  listed in its piece's `s`;
- `f-<field>-<value>.js`: the events of one filter's value (`f-l-to-lam`: the
  events Tô Lâm took part in; `f-m-…` those that only mention a leader; `c`
  country, `s` press, `k` contact, `o` topic, `y` year);
- `r<n>.js`: what a result shows of events n × RECORDS to n × RECORDS + RECORDS - 1.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import itertools
import json
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .splice import SourceChanges

BUDGET = 16_000  # bytes: a word piece bigger than this is split by the next letter
RECORDS = 16  # events per record piece: a page of results loads a few small pieces
FACETS = ("l", "m", "c", "s", "k", "o", "y")  # the search index's fields that are filters, as piece names use them
CALLBACK = "timelineSearchPiece"
FOLDER = "search/"


def pieces(index: bytes, base_path: str, folder: str = FOLDER) -> dict[str, bytes]:
    """Every piece of the search index `index` (the bytes of search-index.json) by output path under `folder`.

    `base_path` is what the index's links start with (an edition's prefix, `vi/`: they are relative to the
    site's root): records give each event's address relative to the edition's first page, so that the page can
    make it relative to itself (its `data-root`).
    """
    return pieces_and_state(index, None, None, base_path, folder)[0]


def pieces_and_state(index: bytes, state: dict | None, changes: SourceChanges | None, base_path: str,
                     folder: str = FOLDER) -> tuple[dict[str, bytes], dict]:
    """The pieces of `index`, as `pieces`, and what to keep to make the next version's from its changes.

    Given the `state` kept with the pieces of an earlier version of the index and the `changes` from that
    version to this one (which entries differ, by position), only the sets of events of the words, phrases
    and filters those entries have or had are encoded again; the pieces are then joined as a whole build
    joins them, from the same texts, so they are the same bytes.
    """
    updated = _updated(state, changes, base_path) if state is not None and changes is not None else None
    if updated is None:
        updated, postings = _state_of(json.loads(index), base_path)
    else:
        postings = lambda word: _decoded(updated["words"][word], updated["count"])  # noqa: E731 - few: new splits
    encoded, unions = EncodedSets(updated["count"]), updated["unions"]

    def union(prefix: str, below: list[str]) -> str:
        text = unions.get(prefix)
        return text if text is not None else encoded(sorted(set().union(*map(postings, below))))

    words = WordPieces(updated["words"], updated["phrases"], union)
    made = _joined(updated, words, folder)
    updated["unions"] = words.unions  # only those of the pieces split now
    return made, updated


# The state kept with the pieces (plain values): the number of events, the base path, and the JSON text of
# every set of events (each word's, each phrase's by its first word then the next, each filter's by its piece's
# name, each prefix's union where its piece was split) and of every record piece.
MAX_CHANGES = 256  # changed entries beyond which the whole index is read again rather than each entry


def _state_of(entries: dict[str, dict], base_path: str) -> tuple[dict, Callable[[str], list[int]]]:
    """The state of a whole index, read from its entries (but the unions), and each word's events."""
    count = len(entries)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    phrases: defaultdict[tuple[str, str], list[int]] = defaultdict(list)  # by pair of neighbouring words
    facets: dict[tuple[str, str], list[int]] = {}
    records: list[dict] = []
    for number, (slug, entry) in enumerate(entries.items()):
        for word in entry["w"].split():  # each word once
            postings[word].append(number)
        for pair in _neighbours(entry):  # each event once, in order: its lists stay sorted whatever the set's order
            phrases[pair].append(number)
        for field in FACETS:
            for value in dict.fromkeys(entry.get(field, "").split()):
                facets.setdefault((field, value), []).append(number)
        records.append(_record(slug, entry, base_path))
    del entries  # the parsed index is the largest thing here: freed before the pieces are encoded

    pairs: defaultdict[str, dict[str, list[int]]] = defaultdict(dict)
    for (first, following), events in phrases.items():
        pairs[first][following] = events
    del phrases
    encoded = EncodedSets(count)
    words = {word: encoded(events) for word, events in postings.items()}
    # Each word's phrases by following word, in its order.
    after = {word: {following: encoded(events) for following, events in sorted(next_words.items())}
             for word, next_words in pairs.items()}
    filters = {f"f-{field}-{value}": encoded(events) for (field, value), events in facets.items()}
    record_texts = [_JSON.encode(records[start:start + RECORDS]) for start in range(0, count, RECORDS)]
    return ({"count": count, "base": base_path, "words": words, "phrases": after, "filters": filters,
             "records": record_texts, "unions": {}}, postings.__getitem__)


def _updated(state: dict, changes: SourceChanges, base_path: str) -> dict | None:
    """The state of the index that `changes` made of the one `state` was kept for; None where only a whole
    read can tell (other events, another base path, too many changes, an entry with a word twice)."""
    count = state["count"]
    if count != changes.count or state["base"] != base_path or len(changes.changed) > MAX_CHANGES:
        return None
    if not changes.changed:
        return dict(state)
    encoded = EncodedSets(count)
    words, after, filters = dict(state["words"]), dict(state["phrases"]), dict(state["filters"])
    touched_words: dict[str, set[int]] = {}
    touched_pairs: dict[tuple[str, str], set[int]] = {}
    touched_filters: dict[str, set[int]] = {}
    prefixes: set[str] = set()  # of the words a changed event gained or lost: the unions it may join or leave
    new_words: dict[int, list[str]] = {}
    for number in changes.changed:
        (_, old), = json.loads(b"{" + changes.old(number) + b"}").items()
        (_, new), = json.loads(b"{" + changes.new(number) + b"}").items()
        old_words, new_words[number] = old["w"].split(), new["w"].split()
        if len(set(old_words)) != len(old_words) or len(set(new_words[number])) != len(new_words[number]):
            return None
        for word in set(old_words).symmetric_difference(new_words[number]):
            events = touched_words.get(word)
            if events is None:
                events = touched_words[word] = set(_decoded(words.get(word), count))
            events.symmetric_difference_update((number,))
            prefixes.update(word[:end] for end in range(1, len(word) + 1))
        for pair in _neighbours(old).symmetric_difference(_neighbours(new)):
            events = touched_pairs.get(pair)
            if events is None:
                events = touched_pairs[pair] = set(_decoded(after.get(pair[0], {}).get(pair[1]), count))
            events.symmetric_difference_update((number,))
        for field in FACETS:
            for value in set(old.get(field, "").split()).symmetric_difference(new.get(field, "").split()):
                name = f"f-{field}-{value}"
                events = touched_filters.get(name)
                if events is None:
                    events = touched_filters[name] = set(_decoded(filters.get(name), count))
                events.symmetric_difference_update((number,))
    for word, events in touched_words.items():
        _put(words, word, encoded(sorted(events)) if events else None)
    for name, events in touched_filters.items():
        _put(filters, name, encoded(sorted(events)) if events else None)
    firsts: dict[str, dict[str, str]] = {}
    for (first, following), events in touched_pairs.items():
        followers = firsts.get(first)
        if followers is None:
            followers = firsts[first] = dict(after.get(first, {}))
        _put(followers, following, encoded(sorted(events)) if events else None)
    for first, followers in firsts.items():
        _put(after, first, dict(sorted(followers.items())) if followers else None)
    unions = dict(state["unions"])
    for prefix in prefixes.intersection(unions):
        events = set(_decoded(unions[prefix], count)).difference(changes.changed)
        events.update(number for number in changes.changed
                      if any(word.startswith(prefix) for word in new_words[number]))
        unions[prefix] = encoded(sorted(events))
    records = list(state["records"])
    for piece in sorted({number // RECORDS for number in changes.changed}):
        entries = [json.loads(b"{" + changes.new(number) + b"}")
                   for number in range(piece * RECORDS, min(count, piece * RECORDS + RECORDS))]
        records[piece] = _JSON.encode([_record(slug, entry, base_path)
                                       for one in entries for slug, entry in one.items()])
    return {"count": count, "base": base_path, "words": words, "phrases": after, "filters": filters,
            "records": records, "unions": unions}


def _joined(state: dict, words: WordPieces, folder: str) -> dict[str, bytes]:
    """Every piece of the index `state` describes (its word pieces `words`), by output path under `folder`."""
    made: dict[str, str] = {}
    for key, data in words.nodes("", sorted(state["words"])):
        made["w" + key] = data
    for name, data in words.phrase_pieces():
        made[name] = data
    made |= state["filters"]
    for number, text in enumerate(state["records"]):
        made[f"r{number}"] = text
    files = {name: _script_of_json(CALLBACK, name, data) for name, data in made.items()}
    version = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in sorted(files.items())))
    files["index"] = script("index", {"v": version.hexdigest()[:16], "n": state["count"], "k": words.keys,
                                      "r": RECORDS})
    return {f"{folder}{name}.js": data for name, data in sorted(files.items())}


def _neighbours(entry: dict) -> set[tuple[str, str]]:
    """The pairs of neighbouring words in an entry's fields where phrases are looked for."""
    neighbours: set[tuple[str, str]] = set()
    for field in entry["b"]:
        words = field.split()
        neighbours.update(zip(words, words[1:]))
    return neighbours


def _record(slug: str, entry: dict, base_path: str) -> dict:
    """What a result shows of an event."""
    record = {"e": slug, "t": entry["t"], "d": entry["d"], "h": entry["h"], "p": entry["p"],
              "u": entry["u"].removeprefix(base_path)}
    if "r" in entry:
        record["r"] = entry["r"]
    return record


def _decoded(text: str | None, count: int) -> list[int]:
    return decode(json.loads(text), count) if text is not None else []


def _put(mapping: dict, key: str, value: object) -> None:
    if value is None:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def script(name: str, data: object) -> bytes:
    """A piece: a script that hands `data` to the page's search."""
    return callback_script(CALLBACK, name, data)


def callback_script(callback: str, name: str, data: object) -> bytes:
    """`callback("name",data);`: a script that hands a page `data` when a `<script>` element loads it, from a
    web host or a disk alike (where `fetch()` of a local file is refused). ASCII, as compact as JSON goes."""
    return _script_of_json(callback, name, _JSON.encode(data))


def _script_of_json(callback: str, name: str, payload: str) -> bytes:
    return f"{callback}({_string(name)},{payload});\n".encode("ascii")


def read_piece(text: bytes) -> tuple[str, object]:
    """A piece's name and data (what the page's search gets from it): for tests and other readers."""
    body = text.decode("ascii").strip()
    head = CALLBACK + "("
    if not body.startswith(head) or not body.endswith(");"):
        raise ValueError("not a search piece")
    name, end = json.JSONDecoder().raw_decode(body, len(head))
    if not isinstance(name, str) or body[end:end + 1] != ",":
        raise ValueError("not a search piece")
    return name, json.loads(body[end + 1:-2])


def encode(events: list[int], count: int) -> list[int] | str:
    """A set of events (numbers in increasing order) as gaps, or as a bitmap where that is shorter."""
    return json.loads(EncodedSets(count)(events))


class EncodedSets:
    """Sets of events among `count` encoded as `encode` says, as JSON text."""

    def __init__(self, count: int):
        self.count = count
        self.bitmap_length = 4 * -(-((count + 7) // 8) // 3)  # base64 of count bits, without its quotes

    def __call__(self, events: list[int]) -> str:
        if not events:
            return "[]"
        # Each gap takes two characters at least (a digit, a comma): only a short list needs its text made.
        if 2 * len(events) - 1 <= self.bitmap_length:
            gaps = ",".join(map(str, [events[0], *map(operator.sub, events[1:], events)]))
            if len(gaps) <= self.bitmap_length:
                return "[" + gaps + "]"
        # The bitmap as the binary digits of one number, event i the i-th digit from the right, made in C.
        digits = bytearray(b"0") * (8 * ((self.count + 7) // 8))
        collections.deque(map(digits.__setitem__, events, itertools.repeat(49)), maxlen=0)  # 49: b"1"
        bits = int(digits[::-1], 2).to_bytes(len(digits) // 8, "little")
        return '"' + base64.b64encode(bits).decode("ascii") + '"'


def decode(postings: list[int] | str, count: int) -> list[int]:
    """The event numbers of `encode`'s output."""
    if isinstance(postings, str):
        bits = base64.b64decode(postings)
        return [event for event in range(count) if bits[event >> 3] >> (event & 7) & 1]
    events, number = [], 0
    for index, gap in enumerate(postings):
        number = gap if index == 0 else number + gap
        events.append(number)
    return events


class WordPieces:
    """The word pieces: a trie of prefixes, split where a piece would grow past `BUDGET`; each piece's data as
    JSON text, from each word's set of events and phrases as JSON text (see `_state_of`)."""

    def __init__(self, encoded: dict[str, str], pairs: dict[str, dict[str, str]],
                 union: Callable[[str, list[str]], str]):
        self.encoded, self.pairs, self.union = encoded, pairs, union
        self.phrases = {word: _object(after.items()) for word, after in pairs.items()}
        self.apart = {word for word, text in self.phrases.items() if len(text) > BUDGET // 2}  # phrases go apart
        self.sizes = {word: len(word) + 4 + len(text) +
                      (0 if word in self.apart or word not in self.phrases else len(self.phrases[word]))
                      for word, text in encoded.items()}
        self.keys: list[str] = []
        self.unions: dict[str, str] = {}  # of the pieces split by the next letter, by prefix, as `nodes` made them

    def nodes(self, prefix: str, words: list[str]) -> Iterable[tuple[str, str]]:
        """(key, data) of the pieces for `words`, which all start with `prefix` (sorted)."""
        if sum(self.sizes[word] for word in words) <= BUDGET or all(word == prefix for word in words):
            self.keys.append(prefix)
            yield prefix, "{" + self._piece(words) + "}"
            return
        if prefix:  # the root's own piece would say nothing: no query word is empty
            self.keys.append(prefix)
            own = self._piece([word for word in words if word == prefix])
            union = self.unions[prefix] = self.union(prefix, words)  # the events with any word below it
            yield prefix, '{"u":' + union + "," + own + "}"
        children: dict[str, list[str]] = {}
        for word in words:
            if word != prefix:
                children.setdefault(word[:len(prefix) + 1], []).append(word)
        for key, below in children.items():
            yield from self.nodes(key, below)

    def phrase_pieces(self) -> Iterable[tuple[str, str]]:
        """(name, data) of the phrases of the words that keep them apart, by the following word's first letter."""
        for word in sorted(self.apart):
            by_letter: dict[str, list[tuple[str, str]]] = {}
            for following, events in self.pairs[word].items():
                by_letter.setdefault(following[0], []).append((following, events))
            for letter, phrases in sorted(by_letter.items()):
                yield f"p{word}-{letter}", _object(phrases)

    def _piece(self, words: list[str]) -> str:
        """The members of a piece's object (without its braces)."""
        encoded = self.encoded
        text = '"w":' + _object([(word, encoded[word]) for word in words])
        phrases = [(word, self.phrases[word]) for word in words if word in self.phrases and word not in self.apart]
        if phrases:
            text += ',"p":' + _object(phrases)
        apart = [word for word in words if word in self.apart]
        if apart:
            text += ',"s":[' + ",".join(map(_string, apart)) + "]"
        return text


_JSON = json.JSONEncoder(separators=(",", ":"))  # as compact as JSON goes, ASCII
_string = json.encoder.encode_basestring_ascii  # a string as `_JSON` writes it


def _object(members: Iterable[tuple[str, str]]) -> str:
    """The JSON text of an object, from its keys and each value's JSON text."""
    return "{" + ",".join([_string(key) + ":" + value for key, value in members]) + "}"
