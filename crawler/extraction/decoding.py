"""Raw page bytes to text: byte-order mark, declared charset (header, then page), then detection."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# Declared names replaced by the superset codec that browsers really use for them.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
}
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
PAGE_CHARSET = re.compile(
    rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)|<\?xml[^>]+?encoding\s*=\s*[\"']([\w.:-]+)", re.I
)
SNIFF_BYTES = 8192
# A declared charset that leaves at most this share of undecodable characters is kept (broken bytes in
# an otherwise right page); more than that means the declaration is wrong.
MAX_ERROR_SHARE = 0.002
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# A declared UTF-8 page whose broken bytes are (nearly all) lone high bytes between ASCII ones is UTF-8 with
# pasted-in cp1252 passages (é, à, ç...), decoded byte by byte under `CP1252_FALLBACK`. Legacy CJK bytes
# come in pairs.
LONE_HIGH_BYTE = re.compile(rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])")
MIN_LONE_SHARE = 0.8
UTF8_MAJORITY = 4  # valid non-ASCII UTF-8 characters per broken byte for an undeclared page to stay UTF-8
CP1252_FALLBACK = "chipwatch-cp1252-fallback"
TAG = re.compile(r"<[^>]*>")
# Western text has a few accented letters; when most letters outside tags decode as accented Latin under a
# Western label, the bytes are really a multi-byte (Chinese) charset sent with the server's default label.
WESTERN = {"cp1252", "iso8859-1", "iso8859-15"}
MAX_ACCENTED_SHARE = 0.2
# A page with more control bytes than this share (tab, newlines and form feed aside) is binary, not text.
MAX_CONTROL_SHARE = 0.01
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}


@dataclass(frozen=True)
class Decoded:
    """The page as text and the Python codec that produced it."""

    text: str
    encoding: str


def codec_name(label: str) -> str | None:
    """The Python codec for a declared charset label (superset applied), or None if unknown."""
    label = label.strip().lower()
    label = SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def declared_charsets(body: bytes, content_type: str | None) -> list[str]:
    """Codecs declared by the Content-Type header, then by the page itself, in that order, deduplicated."""
    labels = []
    if content_type and (match := HEADER_CHARSET.search(content_type)):
        labels.append(match.group(1))
    for match in PAGE_CHARSET.finditer(body[:SNIFF_BYTES]):
        labels.append((match.group(1) or match.group(2)).decode("ascii", "replace"))
    names = []
    for label in labels:
        name = codec_name(label)
        if name and name.startswith("utf-16"):
            name = "utf-8"  # a page that can state its charset in ASCII is not UTF-16
        if name and name not in names:
            names.append(name)
    return names


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes the way a careful browser would, reporting the codec used."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return Decoded(body[len(bom) :].decode(name, "replace"), name.removesuffix("-le").removesuffix("-be"))
    declared = declared_charsets(body, content_type)
    utf8 = _strict(body, "utf-8")
    if utf8 is not None and not body.isascii():
        return Decoded(utf8, "utf-8")  # valid non-ASCII UTF-8 is almost never another charset by chance
    for name in declared:
        if (text := _strict(body, name)) is not None and _plausible(text, name):
            return Decoded(text, name)
    for name in declared:
        if (text := _tolerant(body, name)) is not None and _plausible(text, name):
            return Decoded(text, name)
    if utf8 is not None:
        return Decoded(utf8, "utf-8")
    if "utf-8" in declared and (mixed := _utf8_with_cp1252(body)) is not None:
        return Decoded(mixed, "utf-8")
    if (mostly := _mostly_utf8(body)) is not None:
        return Decoded(mostly, "utf-8")
    return _detect(body)


def looks_binary(body: bytes) -> bool:
    """Whether page bytes are binary data (an image, an archive) rather than text of any charset."""
    sample = body[:SNIFF_BYTES]
    if not sample or any(sample.startswith(bom) for bom, _ in BOMS):
        return False
    return sum(byte in CONTROL_BYTES for byte in sample) > MAX_CONTROL_SHARE * len(sample)


def _plausible(text: str, name: str) -> bool:
    """False when text decoded with a Western codec is mostly accented letters (see `MAX_ACCENTED_SHARE`)."""
    if name not in WESTERN:
        return True
    letters = [char for char in TAG.sub(" ", text[: SNIFF_BYTES * 8]) if char.isalpha()]
    accented = sum(1 for char in letters if ord(char) > 127)
    return accented <= MAX_ACCENTED_SHARE * len(letters)


def _utf8_with_cp1252(body: bytes) -> str | None:
    """A UTF-8 page with passages pasted in as cp1252: those bytes decoded as cp1252, when UTF-8 dominates."""
    replaced = body.decode("utf-8", "replace")
    broken = replaced.count("\ufffd")
    valid = sum(1 for char in replaced if ord(char) > 127) - broken
    if not valid or len(LONE_HIGH_BYTE.findall(body)) < MIN_LONE_SHARE * broken:
        return None
    return body.decode("utf-8", CP1252_FALLBACK)


def _mostly_utf8(body: bytes) -> str | None:
    """The page as UTF-8 with its few broken bytes replaced, when valid UTF-8 characters far outnumber them
    (a handful of stray bytes must not send a whole UTF-8 page to another charset)."""
    replaced = body.decode("utf-8", "replace")
    broken = replaced.count("\ufffd")
    valid = sum(1 for char in replaced if ord(char) > 127) - broken
    return replaced if valid >= UTF8_MAJORITY * broken else None


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def _strict(body: bytes, name: str) -> str | None:
    try:
        return body.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None


def _tolerant(body: bytes, name: str) -> str | None:
    """The bytes decoded with `name` if only a few of them are broken, else None."""
    text = body.decode(name, "replace")
    return text if text.count("\ufffd") <= MAX_ERROR_SHARE * len(text) else None


def _detect(body: bytes) -> Decoded:
    """Guess the charset of undeclared or wrongly declared bytes; Chinese legacy codecs get a fair chance."""
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    guess = codec_name(best.encoding) if best is not None else None
    if guess not in {"gb18030", "big5hkscs", "cp932", "cp949", "euc_jp"}:
        chinese = _tolerant(body, "gb18030")  # old Chinese pages often cut a character in two
        if chinese is not None and _mostly_cjk(chinese):
            return Decoded(chinese, "gb18030")
    if guess is None:
        return Decoded(body.decode("cp1252", "replace"), "cp1252")
    return Decoded(body.decode(guess, "replace"), guess)


def _mostly_cjk(text: str) -> bool:
    non_ascii = sum(1 for char in text if ord(char) > 127)
    return non_ascii > 0 and len(CJK.findall(text)) >= 0.8 * non_ascii
