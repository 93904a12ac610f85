"""simplemma's dictionaries in a form a process opens instantly.

simplemma ships each language as an LZMA-compressed, front-coded stream and decodes the whole of
it into a dict on first use: about 3 s for English, Ukrainian and Russian together on a busy
two-core machine, paid by every process that matches (`sourcecheck check`, the bot's start),
because building the index lemmatises every stored claim. Here the same entries are written once
into an open-addressing hash table on disk and memory-mapped: opening one costs microseconds and
only the pages of the words looked up are read. simplemma's own strategies run on these tables,
so every lemma is the one simplemma gives.

Where tables live, first found wins:
1. `<sys.prefix>/share/sourcecheck/lemmas/simplemma-<version>/`, built at install time by
   `python -m store.match.lemmas` (the Makefile's install target, the Dockerfile);
2. `$XDG_CACHE_HOME/sourcecheck/lemmas/simplemma-<version>/` (default `~/.cache`).
A missing or stale table is built on first use in the first of these places that can be written,
which costs one decoding, as before; where neither can be written, simplemma's decoded dict is
used for the life of the process, as before.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import mmap
import os
import struct
import sys
import tempfile
import threading
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory, DictionaryFactory

# The languages the matcher lemmatises (store.match.translit.detect_lang).
LANGS = ("en", "uk", "ru")

MAGIC = b"SCLEMMA\n"
FORMAT = 2
# Record: key length, how many bytes of the key's end the value drops (LITERAL: the value
# shares no prefix with the key), the length of what the value adds; then key and addition.
# Most lemmas share a prefix with their word, so values take a fifth of the space.
RECORD = struct.Struct("<HBH")
LITERAL = 255
HEAD = RECORD.size
SLOT_BYTES = array("I").itemsize


def identity(lang: str) -> dict[str, object]:
    """What a table must have been built from to be used: another simplemma version may ship
    other entries, and the slot array is stored in this machine's byte order."""
    return {
        "format": FORMAT,
        "simplemma": simplemma.__version__,
        "lang": lang,
        "byteorder": sys.byteorder,
        "slot_bytes": SLOT_BYTES,
    }


def default_dirs() -> list[Path]:
    version = f"simplemma-{simplemma.__version__}"
    dirs = [Path(sys.prefix) / "share" / "sourcecheck" / "lemmas" / version]
    cache_home = os.environ.get("XDG_CACHE_HOME")
    if not cache_home:
        try:
            cache_home = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (a bare container user)
            cache_home = None
    if cache_home:
        dirs.append(Path(cache_home) / "sourcecheck" / "lemmas" / version)
    return dirs


def table_path(directory: Path, lang: str) -> Path:
    return directory / f"{lang}.table"


class LemmaTable(Mapping[str, str]):
    """A read-only word -> lemma mapping over a memory-mapped table file.

    Raises ValueError when the file is not a complete table built from this simplemma.
    """

    def __init__(self, path: Path, lang: str) -> None:
        with open(path, "rb") as handle:
            self._mm = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        mm = self._mm
        if mm[: len(MAGIC)] != MAGIC:
            raise ValueError(f"{path}: not a lemma table")
        (header_len,) = struct.unpack_from("<I", mm, len(MAGIC))
        start = len(MAGIC) + 4
        try:
            header = json.loads(mm[start : start + header_len])
        except ValueError:
            raise ValueError(f"{path}: unreadable header") from None
        expected = identity(lang)
        if not isinstance(header, dict) or {k: header.get(k) for k in expected} != expected:
            raise ValueError(f"{path}: built for {header}, not {expected}")
        slots_at = _aligned(start + header_len)
        self._size, self._len, records_bytes = (
            header.get(k) for k in ("slots", "entries", "records_bytes")
        )
        if not all(isinstance(n, int) and n >= 0 for n in (self._size, self._len, records_bytes)):
            raise ValueError(f"{path}: unreadable header")
        if self._size & (self._size - 1) or self._size <= self._len:
            raise ValueError(f"{path}: unreadable header")
        self._records_at = slots_at + self._size * SLOT_BYTES
        if len(mm) != self._records_at + records_bytes:
            raise ValueError(f"{path}: truncated")
        self._mask = self._size - 1
        self._slots = memoryview(mm)[slots_at : self._records_at].cast("I")

    def _find(self, key: bytes) -> int | None:
        """Offset of the record for `key`, or None."""
        mm, slots, mask = self._mm, self._slots, self._mask
        i = zlib.crc32(key) & mask
        for _ in range(self._size):  # bounded even in a damaged file with no empty slot
            slot = slots[i]
            if not slot:
                return None
            at = self._records_at + slot - 1
            key_len = RECORD.unpack_from(mm, at)[0]
            if key_len == len(key) and mm[at + HEAD : at + HEAD + key_len] == key:
                return at
            i = (i + 1) & mask
        return None

    def get(self, key: str, default=None):
        at = self._find(key.encode())
        if at is None:
            return default
        mm = self._mm
        key_len, cut, tail_len = RECORD.unpack_from(mm, at)
        tail_at = at + HEAD + key_len
        tail = mm[tail_at : tail_at + tail_len]
        if cut == LITERAL:
            return tail.decode()
        return (mm[at + HEAD : tail_at - cut] + tail).decode()

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key.encode()) is not None

    def __iter__(self) -> Iterator[str]:
        mm, at, end = self._mm, self._records_at, len(self._mm)
        while at < end:
            key_len, _, tail_len = RECORD.unpack_from(mm, at)
            yield mm[at + HEAD : at + HEAD + key_len].decode()
            at += HEAD + key_len + tail_len

    def __len__(self) -> int:
        return self._len


def _aligned(offset: int) -> int:
    return -(-offset // SLOT_BYTES) * SLOT_BYTES


def _shared_prefix(a: bytes, b: bytes) -> int:
    """How many leading bytes `a` and `b` share (the highest differing bit, found in C)."""
    n = min(len(a), len(b))
    differ = int.from_bytes(a[:n], "big") ^ int.from_bytes(b[:n], "big")
    return n - (differ.bit_length() + 7) // 8


def _byte_items(entries: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    """(word, lemma) pairs in UTF-8, sorted. simplemma's own mapping holds them as bytes
    already: read there (a private attribute, checked), it saves seconds for Russian."""
    raw = getattr(entries, "_dict", None)
    if isinstance(raw, dict) and all(
        isinstance(x, bytes) for pair in itertools.islice(raw.items(), 1) for x in pair
    ):
        return sorted(raw.items())
    return sorted((k.encode(), v.encode()) for k, v in entries.items())


def decoded(lang: str) -> Mapping[str, str]:
    """simplemma's own dictionary for `lang`, decoded (seconds for uk and ru); ValueError for a
    language simplemma does not know."""
    return DefaultDictionaryFactory(cache_max_size=1).get_dictionary(lang)


def encode_table(entries: Mapping[str, str], lang: str) -> list[bytes]:
    """The table for `lang` holding `entries`, as the chunks of its file."""
    items = _byte_items(entries)
    size = 1 << max(4, (2 * len(items) - 1).bit_length())  # at most half full
    mask = size - 1
    slots = array("I", bytes(size * SLOT_BYTES))
    pieces: list[bytes] = []
    at = 1  # a slot holds the record's offset + 1: 0 is an empty slot
    for key, value in items:
        i = zlib.crc32(key) & mask
        while slots[i]:
            i = (i + 1) & mask
        slots[i] = at
        shared = _shared_prefix(key, value)
        cut = len(key) - shared
        if shared and cut < LITERAL:
            tail = value[shared:]
        else:
            cut, tail = LITERAL, value
        piece = RECORD.pack(len(key), cut, len(tail)) + key + tail
        pieces.append(piece)
        at += len(piece)
    records = b"".join(pieces)
    header = json.dumps(
        {**identity(lang), "entries": len(items), "slots": size, "records_bytes": len(records)}
    ).encode()
    head = MAGIC + struct.pack("<I", len(header)) + header
    head += bytes(_aligned(len(head)) - len(head))
    return [head, slots.tobytes(), records]


def write_table(directory: Path, lang: str, chunks: Callable[[], list[bytes]]) -> Path:
    """Write the table for `lang` into `directory`, atomically: a process that opens the path
    sees either no file or a whole one, even while another process builds the same table.
    `chunks` is called only once the directory is known to be writable, so a read-only place
    costs no encoding."""
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{lang}.", suffix=".tmp")
    path = table_path(directory, lang)
    try:
        with os.fdopen(fd, "wb") as out:
            out.writelines(chunks())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


class LemmaTables(DictionaryFactory):
    """simplemma dictionary factory over lemma tables (see the module's docstring for where)."""

    def __init__(self, dirs: Sequence[Path] | None = None) -> None:
        self.dirs = list(dirs) if dirs is not None else default_dirs()
        self._open: dict[str, Mapping[str, str]] = {}
        self._lock = threading.Lock()

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = self._open.get(lang)
        if found is None:
            with self._lock:
                found = self._open.get(lang)
                if found is None:
                    found = self._open[lang] = self._load(lang)
        return found

    def find(self, lang: str) -> LemmaTable | None:
        """The first usable table for `lang` already on disk."""
        for directory in self.dirs:
            try:
                return LemmaTable(table_path(directory, lang), lang)
            except (OSError, ValueError):
                continue
        return None

    def build(self, lang: str, entries: Mapping[str, str] | None = None) -> LemmaTable | None:
        """Build the table for `lang` in the first directory that can be written; None when none
        can. Raises OSError when one could be written but not completely (a full disk)."""
        encoded: list[bytes] = []

        def chunks() -> list[bytes]:
            if not encoded:
                encoded.extend(
                    encode_table(entries if entries is not None else decoded(lang), lang)
                )
            return encoded

        for directory in self.dirs:
            try:
                path = write_table(directory, lang, chunks)
            except OSError:
                if encoded:
                    raise
                continue
            return LemmaTable(path, lang)
        return None

    def _load(self, lang: str) -> Mapping[str, str]:
        table = self.find(lang)
        if table is not None:
            return table
        entries = decoded(lang)
        try:
            table = self.build(lang, entries)
        except OSError:  # a place that filled up while being written: keep the decoded dict
            table = None
        return entries if table is None else table


TABLES = LemmaTables()
LEMMATIZER = simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=TABLES))


def lemmatize(word: str, lang: str) -> str:
    """simplemma's lemma of `word` (as `simplemma.lemmatize` gives it), read from the tables."""
    return LEMMATIZER.lemmatize(word, lang)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m store.match.lemmas",
        description="Build the lemma tables that let a process start without decoding "
        "simplemma's dictionaries (run at install time).",
    )
    parser.add_argument(
        "--dir", type=Path, help=f"where to write them (default: {default_dirs()[0]})"
    )
    parser.add_argument("langs", nargs="*", default=list(LANGS), help="default: en uk ru")
    args = parser.parse_args(argv)
    directory = args.dir or default_dirs()[0]
    tables = LemmaTables([directory])
    for lang in args.langs:
        if tables.find(lang) is not None:
            print(f"lemma table {lang}: up to date in {directory}")
            continue
        try:
            write_table(directory, lang, lambda lang=lang: encode_table(decoded(lang), lang))
        except OSError as exc:
            print(f"lemma table {lang}: cannot write in {directory}: {exc}", file=sys.stderr)
            return 1
        print(f"lemma table {lang}: built in {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
