"""Character data: database locales, code sets and byte-length rules.

Informix measures CHAR(n)/VARCHAR(m) in bytes of the database code set. The
engine keeps strings as Python `str` and uses the code set only to measure
and truncate (never splitting a multibyte character).
"""

from __future__ import annotations

DEFAULT_LOCALE = "en_US.819"
UTF8_LOCALE = "en_US.57372"

# Informix code set names (and numbers) to Python codecs.
_CODESETS: dict[str, str] = {
    "819": "latin-1",
    "8859-1": "latin-1",
    "88591": "latin-1",
    "iso8859-1": "latin-1",
    "57372": "utf-8",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "923": "iso8859-15",
    "8859-15": "iso8859-15",
    "1252": "cp1252",
    "cp1252": "cp1252",
}
_CODESET_NUMBERS = {"latin-1": "819", "utf-8": "57372", "iso8859-15": "923", "cp1252": "1252"}


def codec_for_locale(locale: str | None) -> str:
    """Python codec of a locale such as `en_US.8859-1` or `en_US.57372`."""
    if not locale or "." not in locale:
        return "latin-1"
    codeset = locale.rsplit(".", 1)[1].lower()
    return _CODESETS.get(codeset, "latin-1")


def normalize_locale(locale: str | None) -> str:
    """The catalog spelling of a locale: language plus numeric code set."""
    if not locale:
        return DEFAULT_LOCALE
    language = locale.split(".", 1)[0] or "en_US"
    codec = codec_for_locale(locale)
    return f"{language}.{_CODESET_NUMBERS.get(codec, '819')}"


def database_locale(env: dict[str, str]) -> str:
    """Locale a CREATE DATABASE gives the new database (DB_LOCALE, else a UTF-8 client's)."""
    db_locale = env.get("DB_LOCALE")
    if db_locale:
        return normalize_locale(db_locale)
    client = env.get("CLIENT_LOCALE")
    if client and codec_for_locale(client) == "utf-8":
        return UTF8_LOCALE
    return DEFAULT_LOCALE


def byte_length(text: str, codec: str) -> int:
    return len(text.encode(codec, "replace"))


def truncate_bytes(text: str, limit: int, codec: str) -> str:
    """Longest prefix of `text` that fits in `limit` bytes of `codec`."""
    if len(text) <= limit and (codec == "latin-1" or text.isascii()):
        return text
    encoded = text.encode(codec, "replace")
    if len(encoded) <= limit:
        return text
    total = 0
    for index, char in enumerate(text):
        total += len(char.encode(codec, "replace"))
        if total > limit:
            return text[:index]
    return text
