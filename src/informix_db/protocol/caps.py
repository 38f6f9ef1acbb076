"""Negotiated framing: which optional fields and widths a connection uses.

The SQ_PROTOCOLS exchange decides widths of several fields (sqli-protocol.md
§3.6 and §10). Both sides derive the same `Caps` from the exchanged masks.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK, Cap, mask_has


@dataclass(frozen=True, slots=True)
class Caps:
    mask: bytes
    usver: bool
    fetch_array: bool
    varchar_varlen: bool
    int_fetch_size: bool
    long_offsets: bool
    named_params: bool
    bigint: bool
    char4: bool
    describe_input: bool

    @classmethod
    def from_mask(cls, mask: bytes) -> Caps:
        def has(bit: int) -> bool:
            return mask_has(mask, bit)

        return cls(
            mask=mask,
            usver=has(Cap.USVER),
            fetch_array=has(Cap.FETCH_ARRAY) or has(Cap.FETCH_ARRAY + 1),
            varchar_varlen=has(Cap.VARCHAR_VARLEN),
            int_fetch_size=has(Cap.FETCH_2GB) or has(Cap.XPS_840),
            long_offsets=has(Cap.FOUR_BYTE_OFFSET),
            named_params=has(Cap.NAMED_PARAMS),
            bigint=has(Cap.BIGINT),
            char4=has(Cap.REMOVE_64K),
            describe_input=has(Cap.DESCRIBE_INPUT),
        )

    @classmethod
    def negotiate(cls, offer: bytes, reply: bytes) -> Caps:
        """Use a feature only when the client offered it and the server replied with it."""
        both = bytes(a & b for a, b in zip(offer, reply, strict=False))
        return cls.from_mask(both)

    def missing_for_driver(self) -> list[str]:
        """Framing features this driver relies on and the server did not grant."""
        needed = {
            "USVER (bit 2)": self.usver,
            "variable-length VARCHAR (bit 13)": self.varchar_varlen,
        }
        return [name for name, ok in needed.items() if not ok]


# What every connection between our driver and a 14.10-style server ends up with.
MODERN = Caps.negotiate(CLIENT_PROTOCOL_OFFER, SERVER_PROTOCOL_MASK)
