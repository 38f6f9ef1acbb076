"""`ifxsql`: a small SQL shell. Without --host it starts an embedded server."""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any, TextIO

from . import Connection, Cursor, Error, connect


def _args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="ifxsql",
        description="Run SQL against Informix. With no --host, an embedded server is started.",
    )
    p.add_argument("-H", "--host", help="server host (default: start an embedded server)")
    p.add_argument("-p", "--port", type=int, default=9088)
    p.add_argument("-u", "--user", default=os.environ.get("IFX_USER", "informix"))
    p.add_argument("--password", help="password (default: $IFX_PASSWORD, else prompt)")
    p.add_argument("-s", "--server", default=os.environ.get("INFORMIXSERVER", "informix"))
    p.add_argument("-d", "--database", help="database to open (embedded default: sysmaster)")
    p.add_argument("-e", "--execute", action="append", default=[], metavar="SQL",
                   help="run this statement and exit (repeatable)")  # fmt: skip
    p.add_argument("-f", "--file", type=argparse.FileType("r"), help="run statements from a file")
    p.add_argument("--csv", action="store_true", help="print results as CSV")
    p.add_argument("--autocommit", action="store_true", help="commit every statement")
    return p.parse_args(argv)


def _connect(args: argparse.Namespace, stack: ExitStack) -> Connection:
    if args.host is None:
        try:
            import ifxserver
        except ImportError:
            raise SystemExit(
                "ifxsql: no --host given and the embedded server is not installed "
                "(pip install 'informix-wire[server]')"
            ) from None
        srv = stack.enter_context(ifxserver.start())
        return connect(**srv.connect_args(args.database or "sysmaster", autocommit=True))
    password = args.password or os.environ.get("IFX_PASSWORD") or getpass.getpass()
    return connect(
        args.host,
        args.port,
        user=args.user,
        password=password,
        server=args.server,
        database=args.database,
        autocommit=args.autocommit,
    )


def split_statements(text: str) -> Iterator[str]:
    """Split on `;` outside quotes and comments."""
    buf: list[str] = []
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif text.startswith("--", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif ch == ";":
            stmt = "".join(buf).strip()
            if stmt:
                yield stmt
            buf = []
            i += 1
            continue
        buf.append(ch)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        yield stmt


def _cell(value: Any) -> str:
    return "NULL" if value is None else str(value)


def print_result(cur: Cursor, out: TextIO, as_csv: bool) -> None:
    if cur.description is None:
        out.write(f"{cur.rowcount} row(s) affected\n")
        return
    names = [d[0] for d in cur.description]
    rows = [[_cell(v) for v in row] for row in cur.fetchall()]
    if as_csv:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(rows)
        return
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    out.write("  ".join(n.ljust(w) for n, w in zip(names, widths, strict=False)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def run_statements(conn: Connection, statements: Sequence[str], as_csv: bool) -> int:
    status = 0
    for sql in statements:
        try:
            with conn.cursor() as cur:
                print_result(cur.execute(sql), sys.stdout, as_csv)
        except Error as exc:
            print(f"error: {exc}", file=sys.stderr)
            status = 1
    return status


def _repl(conn: Connection, as_csv: bool) -> int:
    print("ifxsql: end statements with ';', quit with \\q or Ctrl-D")
    pending = ""
    while True:
        try:
            line = input("ifx> " if not pending else "...> ")
        except EOFError:
            return 0
        if line.strip() in ("\\q", "quit", "exit"):
            return 0
        pending += line + "\n"
        if pending.rstrip().endswith(";"):
            run_statements(conn, list(split_statements(pending)), as_csv)
            pending = ""


def main(argv: Sequence[str] | None = None) -> int:
    args = _args(argv)
    with ExitStack() as stack:
        try:
            conn = stack.enter_context(_connect(args, stack))
        except Error as exc:
            print(f"ifxsql: cannot connect: {exc}", file=sys.stderr)
            return 2
        statements = list(args.execute)
        if args.file is not None:
            statements.extend(split_statements(args.file.read()))
        if statements:
            return run_statements(conn, statements, args.csv)
        return _repl(conn, args.csv)


if __name__ == "__main__":
    sys.exit(main())
