"""Value codecs: Python values <-> SQLI row bytes and SQ_BIND parameter blocks.

The facts they implement are in ../shared/docs/sqli-types.md. Both the driver
(decoding rows, encoding parameters) and the embedded server (encoding rows,
reading parameters) use this package, so one vocabulary serves both sides.
"""

from __future__ import annotations

from .binds import (
    BindValue,
    BoundParam,
    encode_param,
    read_bind_value,
    write_bind_value,
)
from .encoders import column_encoder, encode_row
from .errors import (
    BadLiteral,
    RowFramingError,
    UnencodableString,
    UnsupportedType,
    UnsupportedValue,
    ValueCodecError,
    ValueOutOfRange,
)
from .packed import decimal_row, decimal_to_packed, packed_to_decimal, packed_to_decimal_scaled
from .rows import column_decoder, compile_row_decoder
from .scalars import BlobDescriptor, int8_from_bytes, int8_to_bytes
from .temporal import (
    DtFields,
    date_to_days,
    datetime_fields_to_packed,
    datetime_fields_to_text,
    datetime_python,
    datetime_value_to_packed,
    days_to_date,
    interval_to_text,
    interval_value_to_packed,
    packed_to_datetime_fields,
    packed_to_interval,
    packed_to_interval_text,
    parse_datetime_text,
    parse_interval_text,
)

__all__ = [
    "BadLiteral",
    "BindValue",
    "BlobDescriptor",
    "BoundParam",
    "DtFields",
    "RowFramingError",
    "UnencodableString",
    "UnsupportedType",
    "UnsupportedValue",
    "ValueCodecError",
    "ValueOutOfRange",
    "column_decoder",
    "column_encoder",
    "compile_row_decoder",
    "date_to_days",
    "datetime_fields_to_packed",
    "datetime_fields_to_text",
    "datetime_python",
    "datetime_value_to_packed",
    "days_to_date",
    "decimal_row",
    "decimal_to_packed",
    "encode_param",
    "encode_row",
    "int8_from_bytes",
    "int8_to_bytes",
    "interval_to_text",
    "interval_value_to_packed",
    "packed_to_datetime_fields",
    "packed_to_decimal",
    "packed_to_decimal_scaled",
    "packed_to_interval",
    "packed_to_interval_text",
    "parse_datetime_text",
    "parse_interval_text",
    "read_bind_value",
    "write_bind_value",
]
