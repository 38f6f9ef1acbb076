"""Errors raised by the value codecs.

All of them are `ValueError`s, so callers that do not care about the detail
can catch one class; the driver maps them onto PEP 249 `DataError` /
`NotSupportedError` and the server onto Informix sqlcodes.
"""

from __future__ import annotations


class ValueCodecError(ValueError):
    """Base class: a value could not be encoded or decoded."""


class ValueOutOfRange(ValueCodecError):
    """The value does not fit the type (overflow, sentinel, too long, bad date)."""


class UnsupportedValue(ValueCodecError):
    """No encoding exists for this Python value (wrong type, tz-aware, ...)."""


class UnsupportedType(ValueCodecError):
    """The Informix type code (or qualifier) has no codec."""


class UnencodableString(ValueCodecError):
    """Text cannot be converted to or from the connection's code set."""


class BadLiteral(ValueCodecError):
    """A DATETIME or INTERVAL text literal is malformed."""


class RowFramingError(ValueCodecError):
    """A row payload does not match the column widths the describe implies."""


class BlobStreamError(ValueCodecError):
    """SQ_BLOB chunks do not add up to the values their descriptors announced."""
