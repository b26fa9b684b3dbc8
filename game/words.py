"""Word packs: bundled and custom lists of words, each with a difficulty level 1-5."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from game.errors import PackError
from game.paths import ASSETS_DIR
from game.quoting import quoted

PACKS_DIR = ASSETS_DIR / "words"
DEFAULT_PACK = "default"
DEFAULT_LEVEL = 3
MIN_PACK_WORDS = 20
MAX_WORD_CHARS = 24
# The default pack is 1,200 words in ~15 kB; a pack file larger than this is a mistake.
MAX_PACK_BYTES = 1_000_000
# A word is letters, optionally joined by single hyphens, apostrophes or spaces ("ice cream").
_WORD = re.compile(r"^[^\W\d_]+(?:[-' ][^\W\d_]+)*$")


@dataclass(frozen=True)
class WordPack:
    """A named list of distinct words with a difficulty level (1 easy - 5 hard) for each."""

    name: str
    words: tuple[str, ...]
    levels: tuple[int, ...]
    title: str = ""

    def __len__(self) -> int:
        return len(self.words)

    def entries(self) -> list[tuple[str, int]]:
        """(word, level) pairs in file order."""
        return list(zip(self.words, self.levels, strict=True))

    def at_levels(self, low: int, high: int) -> list[str]:
        """Words whose level lies between `low` and `high`, inclusive."""
        return [w for w, lv in zip(self.words, self.levels, strict=True) if low <= lv <= high]


def bundled_packs() -> list[str]:
    """Names of the packs that ship with the game, default first."""
    names = sorted(path.stem for path in PACKS_DIR.glob("*.txt"))
    return sorted(names, key=lambda name: name != DEFAULT_PACK)


def resolve_pack(name_or_path: str | Path) -> Path:
    """The file of a bundled pack name, or the given file path."""
    candidate = Path(name_or_path)
    try:
        if candidate.suffix or candidate.exists() or len(candidate.parts) > 1:
            if not candidate.is_file():
                raise PackError(candidate, "no such file")
            return candidate
        bundled = PACKS_DIR / f"{name_or_path}.txt"
        found = bundled.is_file()
    except (OSError, ValueError) as exc:  # a name too long, or with a NUL in it
        raise PackError(candidate, f"not a usable file name ({exc})") from exc
    if not found:
        available = ", ".join(bundled_packs()) or "none"
        raise PackError(
            bundled, f"no bundled pack named {quoted(str(name_or_path))} (available: {available})"
        )
    return bundled


def load_pack(name_or_path: str | Path = DEFAULT_PACK, min_words: int = MIN_PACK_WORDS) -> WordPack:
    """Load a bundled pack by name or a custom pack file; raises PackError naming file and line."""
    path = resolve_pack(name_or_path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_PACK_BYTES + 1)
    except OSError as exc:
        raise PackError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    if len(data) > MAX_PACK_BYTES:
        raise PackError(
            path, f"the file is larger than {MAX_PACK_BYTES:,} bytes; a pack is a list of words"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PackError(path, "not UTF-8 text; save the file as UTF-8", line) from exc
    return parse_pack(text, path, min_words=min_words)


def parse_pack(text: str, path: Path | str = "<pack>", min_words: int = MIN_PACK_WORDS) -> WordPack:
    """Parse pack text: one word per line, `#` comments, optional `word<TAB>level`."""
    path = Path(path)
    words: list[str] = []
    levels: list[int] = []
    first_line: dict[str, int] = {}
    title = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            if not title and line.lower().startswith("# wordstack word pack:"):
                title = line.split(":", 1)[1].strip()
            continue
        if not line:
            continue
        word, level = _parse_line(line, path, number)
        if word in first_line:
            first = first_line[word]
            raise PackError(path, f"duplicate word {quoted(word)} (first on line {first})", number)
        first_line[word] = number
        words.append(word)
        levels.append(level)
    if not words:
        raise PackError(path, "the pack has no words")
    if len(words) < min_words:
        raise PackError(
            path,
            f"the pack has {len(words)} word{'s' if len(words) != 1 else ''}; "
            f"at least {min_words} are needed",
        )
    return WordPack(path.stem, tuple(words), tuple(levels), title or path.stem)


def _parse_line(line: str, path: Path, number: int) -> tuple[str, int]:
    word_part, _, level_part = line.partition("\t")
    word = " ".join(word_part.lower().split())
    if not _WORD.match(word) or len(word) > MAX_WORD_CHARS:
        raise PackError(
            path,
            f"{quoted(word_part.strip())} is not a word (letters only, at most "
            f"{MAX_WORD_CHARS} characters)",
            number,
        )
    level_text = level_part.strip()
    if not level_text:
        return word, DEFAULT_LEVEL
    if not level_text.isdigit() or not 1 <= int(level_text) <= 5:
        raise PackError(
            path, f"level {quoted(level_text)} must be a whole number from 1 to 5", number
        )
    return word, int(level_text)
