"""Runs inside the peer driver's own venv (informix-driver from PyPI), never in ours.

usage: python peer_client.py HOST PORT USER PASSWORD SERVER DATABASE STEPS_JSON

STEPS_JSON is a list of steps, each one of
  {"sql": ..., "params": [...]}          execute (results fetched if any)
  {"sql": ..., "many": [[...], ...]}     executemany
  {"action": "commit" | "rollback" | "reconnect"}
and one JSON line is printed per step: ok, rowcount, description names, rows
(dates and decimals as strings) or the error's class, sqlcode and isamcode.
Only the standard library and the peer driver are used here.
"""

from __future__ import annotations

import datetime
import decimal
import json
import sys
from typing import Any


def plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime, decimal.Decimal)):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


def main(argv: list[str]) -> int:
    host, port, user, password, server, database, steps_json = argv
    import informix_db

    def connect() -> Any:
        return informix_db.connect(
            host, int(port), user=user, password=password, server=server, database=database,
            connect_timeout=10, read_timeout=20,
        )  # fmt: skip

    conn = connect()
    print(json.dumps({"step": "connect", "ok": True, "version": informix_db.__version__}))
    for number, step in enumerate(json.loads(steps_json)):
        out: dict[str, Any] = {"step": number, "ok": True}
        try:
            action = step.get("action")
            if action == "reconnect":
                conn.close()
                conn = connect()
            elif action:
                getattr(conn, action)()
            else:
                run(conn, step, out)
        except Exception as exc:  # every failure is data for the test
            out["ok"] = False
            out["error"] = {
                "class": type(exc).__name__,
                "sqlcode": getattr(exc, "sqlcode", None),
                "isamcode": getattr(exc, "isamcode", None),
                "message": str(exc)[:200],
            }
        print(json.dumps(out), flush=True)
    conn.close()
    return 0


def run(conn: Any, step: dict[str, Any], out: dict[str, Any]) -> None:
    cursor = conn.cursor()
    if "many" in step:
        cursor.executemany(step["sql"], [tuple(row) for row in step["many"]])
    else:
        cursor.execute(step["sql"], tuple(step.get("params", ())))
    out["rowcount"] = cursor.rowcount
    if cursor.description:
        out["columns"] = [d[0] for d in cursor.description]
        out["rows"] = [[plain(v) for v in row] for row in cursor.fetchall()]
    cursor.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
