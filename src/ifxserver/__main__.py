"""`python -m ifxserver` / `ifxserver`: run the embedded server in the foreground."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading

from . import Server
from .users import parse_user


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="ifxserver", description="Embedded Informix SQLI server")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=9088, help="port; 0 picks a free one (9088)")
    p.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD",
                   help="an account (repeatable); default informix:in4mix")  # fmt: skip
    p.add_argument("--data-dir", help="keep databases here (default: in memory, gone at exit)")
    p.add_argument("--server-name", default="informix", help="DBSERVERNAME clients must use")
    p.add_argument("--tls-cert", help="PEM certificate: serve TLS on the port")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    p.add_argument("--max-sessions", type=int, default=256)
    p.add_argument("--statement-timeout", type=float, default=None, metavar="SECONDS",
                   help="interrupt longer statements (error -213); default none")  # fmt: skip
    p.add_argument("--max-message-size", type=int, default=128 * 1024 * 1024, metavar="BYTES",
                   help="largest request accepted; bigger closes the session")  # fmt: skip
    p.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING, ERROR")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s level=%(levelname)s %(name)s %(message)s"
    )
    try:
        users = dict(parse_user(u) for u in args.user) or None
    except ValueError as exc:
        print(f"ifxserver: {exc}", file=sys.stderr)
        return 2
    try:
        server = Server(
            host=args.host,
            port=args.port,
            users=users,
            data_dir=args.data_dir,
            server_name=args.server_name,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            max_sessions=args.max_sessions,
            statement_timeout=args.statement_timeout,
            max_message_size=args.max_message_size,
        )
    except OSError as exc:
        print(f"ifxserver: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print(f"ifxserver listening on {server.host}:{server.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
