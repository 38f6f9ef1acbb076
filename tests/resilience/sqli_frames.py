"""Where the messages of a recorded SQLI conversation begin and end (test helper).

SQLI has no framing after the login PDU, so boundaries are found by parsing the
stream with the protocol's own message readers. The capability mask that shapes
later messages is taken from the SQ_PROTOCOLS reply inside the recording.
"""

from __future__ import annotations

from dataclasses import dataclass

from informix_db.protocol.buffer import Reader
from informix_db.protocol.caps import Caps
from informix_db.protocol.codes import CLIENT_PROTOCOL_OFFER
from informix_db.protocol.login import pdu_length
from informix_db.protocol.messages import connect
from informix_db.protocol.messages.dispatch import read_reply, read_request


@dataclass(frozen=True)
class Framed:
    """Offsets just after each message, and the message tags in order."""

    ends: list[int]
    tags: list[int]


def negotiated_caps(server_stream: bytes, encoding: str = "latin-1") -> Caps:
    """The capabilities the client ends up with after the SQ_PROTOCOLS exchange."""
    r = Reader(server_stream, pdu_length(server_stream) or 0)
    plain = Caps.from_mask(b"")
    while r.remaining:
        _, body = read_reply(r, plain, encoding)
        if isinstance(body, connect.Protocols):
            return Caps.negotiate(CLIENT_PROTOCOL_OFFER, body.mask)
    raise ValueError("no SQ_PROTOCOLS reply in the recording")


def frame(stream: bytes, caps: Caps, *, from_server: bool, encoding: str = "latin-1") -> Framed:
    """Split a whole recorded direction: the login PDU, then one message at a time."""
    first = pdu_length(stream) or 0
    ends, tags = [first], [-1]
    r = Reader(stream, first)
    before = Caps.from_mask(b"") if from_server else caps  # the server parses with caps at once
    read = read_reply if from_server else read_request
    while r.remaining:
        tag, body = read(r, before, encoding)
        if isinstance(body, connect.Protocols) and from_server:
            before = caps
        ends.append(r.pos)
        tags.append(tag)
    return Framed(ends, tags)
