"""The syntax tree of an SPL routine.

Expressions and embedded SQL stay as text: the runtime compiles them with the
engine's own SQL compiler, the routine's variables resolving as typed
parameters wherever a name is not a column (see runtime.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from informix_db.protocol.coltype import ColumnType


@dataclass(frozen=True)
class Param:
    name: str
    type: ColumnType
    default: str | None = None  # expression text


@dataclass(frozen=True)
class Returned:
    type: ColumnType
    name: str | None = None  # RETURNING type AS name


@dataclass
class Define:
    names: list[str]
    type: ColumnType
    default: str | None = None


@dataclass
class Let:
    targets: list[str]
    expressions: list[str]


@dataclass
class If:
    branches: list[tuple[str, list[Statement]]]  # (condition, body) for IF and each ELIF
    otherwise: list[Statement] = field(default_factory=list)


@dataclass
class ForRange:
    variable: str
    start: str
    end: str
    step: str | None
    body: list[Statement]


@dataclass
class ForIn:
    variable: str
    values: list[str]
    body: list[Statement]


@dataclass
class While:
    condition: str
    body: list[Statement]


@dataclass
class Foreach:
    query: str  # SELECT without its INTO, or EXECUTE PROCEDURE/FUNCTION text
    into: list[str]
    body: list[Statement]


@dataclass
class Return:
    expressions: list[str]
    resume: bool = False


@dataclass
class Raise:
    sqlcode: str
    isamcode: str | None = None
    text: str | None = None


@dataclass
class LoopControl:
    exit: bool  # EXIT (True) or CONTINUE (False)
    loop: str  # for / foreach / while / "" for the innermost


@dataclass
class Sql:
    text: str  # a statement, SELECT ... INTO with the INTO removed
    into: list[str] = field(default_factory=list)


@dataclass
class Call:
    name: str
    arguments: list[str]
    into: list[str] = field(default_factory=list)


@dataclass
class Block:
    body: list[Statement]


Statement = (
    Define
    | Let
    | If
    | ForRange
    | ForIn
    | While
    | Foreach
    | Return
    | Raise
    | LoopControl
    | Sql
    | Call
    | Block
)


@dataclass
class Routine:
    name: str
    owner: str | None
    is_function: bool
    params: list[Param]
    returns: list[Returned]
    body: list[Statement]
    text: str  # the CREATE statement as written (kept in sysprocbody)
    resumes: bool = False  # some RETURN has WITH RESUME: the routine is an iterator
