"""The SQL engine of ifxserver: Informix SQL on SQLite.

The protocol layer imports exactly these names; see docs/server-engine-notes.md.
"""

from __future__ import annotations

from .api import Bound, BoundValue, ExecResult, ResultColumn
from .cursor import ResultCursor
from .errors import SqlError
from .instance import Instance
from .prepared import Prepared
from .session import Session

__all__ = [
    "Bound",
    "BoundValue",
    "ExecResult",
    "Instance",
    "Prepared",
    "ResultColumn",
    "ResultCursor",
    "Session",
    "SqlError",
]
