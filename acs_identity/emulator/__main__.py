"""`python -m acs_identity.emulator`: run the emulator in the foreground (the CLI offers the same)."""

from __future__ import annotations

import argparse

from ._server import DEFAULT_PORT, serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m acs_identity.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 picks a free port")
    parser.add_argument(
        "--https", action="store_true", help="serve TLS with a generated self-signed certificate"
    )
    parser.add_argument("--certfile", help="PEM certificate to serve instead (with --keyfile)")
    parser.add_argument("--keyfile")
    parser.add_argument("--cert-out", help="write the certificate clients must trust here (PEM)")
    parser.add_argument("--data", dest="data_path", help="SQLite file that keeps state across restarts")
    parser.add_argument(
        "--faults", help='e.g. "429=0.05,503=0.05,drop=0.01,latency=0.02,retry-after=1,seed=7"'
    )
    parser.add_argument("--token-mode", choices=("sign", "canned"), default="sign")
    parser.add_argument("--signing-threads", type=int, default=0, help="sign tokens in a thread pool")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes sharing the port and a SQLite store"
    )
    args = parser.parse_args(argv)
    serve(
        host=args.host,
        port=args.port,
        https=args.https,
        certfile=args.certfile,
        keyfile=args.keyfile,
        cert_out=args.cert_out,
        data_path=args.data_path,
        faults=args.faults,
        token_mode=args.token_mode,
        signing_threads=args.signing_threads,
        workers=args.workers,
        print_fn=lambda line: print(line, flush=True),
    )


if __name__ == "__main__":
    main()
