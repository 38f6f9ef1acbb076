"""GLS locale names -> Python codecs. An unknown code set is an error, never a guess."""

from __future__ import annotations

from .exceptions import InterfaceError

DEFAULT_LOCALE = "en_US.8859-1"

# GLS code set names (and their numeric aliases) -> Python codec names.
_CODESETS: dict[str, str] = {
    "8859-1": "latin-1",
    "819": "latin-1",
    "8859-2": "iso8859-2",
    "912": "iso8859-2",
    "8859-5": "iso8859-5",
    "915": "iso8859-5",
    "8859-7": "iso8859-7",
    "813": "iso8859-7",
    "8859-9": "iso8859-9",
    "920": "iso8859-9",
    "8859-15": "iso8859-15",
    "923": "iso8859-15",
    "utf8": "utf-8",
    "utf-8": "utf-8",
    "57372": "utf-8",
    "cp1250": "cp1250",
    "1250": "cp1250",
    "cp1251": "cp1251",
    "1251": "cp1251",
    "cp1252": "cp1252",
    "1252": "cp1252",
    "sjis": "shift_jis",
    "932": "cp932",
    "big5": "big5",
    "gb18030-2000": "gb18030",
    "ujis": "euc_jp",
    "koi-8": "koi8_r",
}


def codec_for(locale: str) -> str:
    """`en_US.utf8` -> `utf-8`; raises InterfaceError for an unknown code set."""
    _, _, codeset = locale.partition(".")
    codec = _CODESETS.get(codeset.lower())
    if codec is None:
        known = ", ".join(sorted(_CODESETS))
        raise InterfaceError(f"unknown locale code set in {locale!r}; known code sets: {known}")
    return codec


def gls_codeset(codec: str) -> str:
    """The GLS numeric code set name Informix stores for a Python codec."""
    return {"latin-1": "819", "utf-8": "57372"}.get(codec, codec)
