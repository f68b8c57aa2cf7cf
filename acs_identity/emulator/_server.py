"""Emulator: the service on a real socket (uvicorn), in a background thread or, via serve(), in the foreground."""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.process
import shlex
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from azure.core.credentials import AccessToken

from acs_identity._capabilities import load_capabilities

from ._app import EmulatorApp
from ._credentials import EmulatorAsyncTokenCredential, EmulatorTokenCredential
from ._faults import FaultConfig, FaultInjector
from ._options import DEFAULT_PORT, EmulatorOptions, Limits, default_cert_dir
from ._protocol import LimitedProtocol, SharedCounter
from ._service import Service
from ._store import open_store
from ._tls import ensure_certificate, generate_self_signed

__all__ = ["DEFAULT_PORT", "Emulator", "serve"]

_D = EmulatorOptions()  # the defaults, written once in EmulatorOptions


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_started: Callable[[], None]) -> None:
        super().__init__(config)
        self._on_started = on_started

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self._on_started()


def _bind(host: str, port: int, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        # Worker processes each listen on the same port; the kernel spreads connections among them.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class Emulator:
    """A faithful local ACS Identity service on a real loopback socket, in a background thread.

    ```python
    with Emulator() as emu:
        client = CommunicationIdentityClient.from_connection_string(emu.connection_string)
    ```

    Args:
        https: Serve TLS with a generated self-signed certificate (for `localhost`, `127.0.0.1` and `::1`),
            whose PEM is at `ca_cert_path`.
        host: The interface to listen on (loopback by default).
        port: The port; 0 picks a free one (then read `port`).
        data_path: A SQLite file that keeps identities, revocations, assignments, the signing key and the
            resource id across restarts (default: in memory).
        faults: Fault injection, a `FaultConfig` or its text form (`"429=0.05,503=0.05,drop=0.01"`).
        token_mode: `"sign"` signs a fresh RS256 token per request; `"canned"` answers with one pre-signed token
            (benchmarks).
        access_key: The base64 HMAC key clients must sign with [`DEV_ACCESS_KEY`].
        certfile: A PEM certificate to serve instead of a generated one (with `keyfile`).
        keyfile: The private key of `certfile`.
        cert_out: Also write the served certificate (PEM) here, for clients to trust.
        log_level: uvicorn's log level.
        signing_threads: Sign tokens in a pool of this many threads (0: in the event loop).
        cert_dir: Keep the generated certificate in this directory, so its path survives restarts.
        cert_hosts: More DNS names or IP addresses for the generated certificate (e.g. a CI service name).
        replay_window: How far, in seconds, an HMAC request's `x-ms-date` may be from the emulator's clock.
        limits: Request size, time and connection limits (`Limits`; default: a front end's).
        reuse_port: Bind with SO_REUSEPORT (several processes of yours binding one port).

    Raises:
        ValueError: `certfile` without `keyfile` (or the reverse), a malformed `faults` text, or an
            `access_key` that is not base64.
    """

    def __init__(
        self,
        *,
        https: bool = False,
        host: str = _D.host,
        port: int = 0,
        data_path: str | Path | None = None,
        faults: FaultConfig | str | None = None,
        token_mode: str = _D.token_mode,
        access_key: str = _D.access_key,
        certfile: str | Path | None = None,
        keyfile: str | Path | None = None,
        cert_out: str | Path | None = None,
        cert_dir: str | Path | None = None,
        cert_hosts: tuple[str, ...] | list[str] = (),
        log_level: str = _D.log_level,
        signing_threads: int = _D.signing_threads,
        replay_window: float = _D.replay_window,
        limits: Limits | None = None,
        reuse_port: bool = False,  # SO_REUSEPORT: several processes of yours binding one port
    ) -> None:
        fault_config = FaultConfig.parse(faults) if isinstance(faults, str) else faults
        options = EmulatorOptions(
            host=host,
            port=port,
            https=https or certfile is not None,
            cert_hosts=tuple(cert_hosts),
            certfile=None if certfile is None else str(certfile),
            keyfile=None if keyfile is None else str(keyfile),
            cert_dir=None if cert_dir is None else str(cert_dir),
            cert_out=None if cert_out is None else str(cert_out),
            data_path=None if data_path is None else str(data_path),
            token_mode=token_mode,
            access_key=access_key,
            replay_window=replay_window,
            signing_threads=signing_threads,
            limits=limits or Limits(),
            log_level=log_level,
        )
        self._init(options, fault_config, reuse_port)

    @classmethod
    def from_options(
        cls,
        options: EmulatorOptions,
        *,
        reuse_port: bool = False,
        listen_socket: socket.socket | None = None,
        open_connections: SharedCounter | None = None,
    ) -> Emulator:
        """Create an emulator from a whole `EmulatorOptions` (what `acs-identity emulator` builds from its flags).

        Args:
            options: The options.
            reuse_port: Bind with SO_REUSEPORT.
            listen_socket: Serve this already bound socket instead of binding one (`serve()`'s workers).
            open_connections: A `multiprocessing.Value("i")` counting the open connections of every process
                serving the socket, so `max_connections` bounds them all (`serve()`'s workers).

        Returns:
            The emulator, not yet started.
        """
        emulator = cls.__new__(cls)
        emulator._init(options, FaultConfig.parse(options.faults) if options.faults else None, reuse_port)
        emulator._listen_socket = listen_socket
        emulator._open_connections = open_connections
        return emulator

    def _init(self, options: EmulatorOptions, faults: FaultConfig | None, reuse_port: bool) -> None:
        self._listen_socket: socket.socket | None = None
        self._open_connections: SharedCounter | None = None
        self.options: EmulatorOptions = options
        self.https: bool = options.https
        self.host: str = options.host
        self._requested_port = options.port
        self._access_key = options.access_key
        self._key_bytes = base64.b64decode(options.access_key, validate=True)
        self._faults = faults or FaultConfig()
        self._reuse_port = reuse_port
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._certfile: Path | None = None
        self._keyfile: Path | None = None
        self._bundle: Path | None = None
        self._certfile_out: Path | None = None
        if self.https:
            self._set_up_certificate(options)
        self._store = open_store(options.data_path)
        self._service = Service(self._store, token_mode=options.token_mode)
        self._socket: socket.socket | None = None
        self._app: EmulatorApp | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None
        self.port: int = 0

    def _set_up_certificate(self, options: EmulatorOptions) -> None:
        if options.certfile is not None and options.keyfile is not None:
            self._certfile, self._keyfile = Path(options.certfile), Path(options.keyfile)
        else:
            directory = Path(options.cert_dir) if options.cert_dir else default_cert_dir()
            try:
                paths = ensure_certificate(directory, options.cert_hosts)
                self._certfile, self._keyfile, self._bundle = paths.cert, paths.key, paths.bundle
            except OSError:
                if options.cert_dir:
                    raise
                # No writable cache (a read-only home): a certificate for this run only.
                self._tempdir = tempfile.TemporaryDirectory(prefix="acs-emulator-")
                self._certfile = Path(self._tempdir.name) / "cert.pem"
                self._keyfile = Path(self._tempdir.name) / "key.pem"
                generate_self_signed(self._certfile, self._keyfile, options.cert_hosts)
        if options.cert_out is not None:
            Path(options.cert_out).write_bytes(self._certfile.read_bytes())
            self._certfile_out = Path(options.cert_out)

    # --- lifecycle --------------------------------------------------------------------------------------

    def _prepare(self, on_started: Callable[[], None]) -> tuple[_Server, socket.socket]:
        if self._server is not None:
            raise RuntimeError("an Emulator is started once; create a new one")
        sock = self._listen_socket or _bind(self.host, self._requested_port, self._reuse_port)
        self.port = int(sock.getsockname()[1])
        options = self.options
        app = EmulatorApp(
            self._service,
            self._key_bytes,
            load_capabilities(),
            FaultInjector(self._faults),
            options.signing_threads,
            replay_window=options.replay_window,
            max_body_bytes=options.limits.max_body_bytes,
            repeatability_window=options.repeatability_window,
            page_size=options.page_size,
            https=options.https,
        )
        config = uvicorn.Config(
            app,
            http=LimitedProtocol.configured(options.limits, app, self._open_connections),
            timeout_keep_alive=options.limits.keep_alive_timeout,  # type: ignore[arg-type]
            lifespan="off",
            log_level=options.log_level,
            log_config=None,  # an embedded server must not reconfigure the host program's logging
            access_log=False,
            server_header=False,
            ssl_certfile=str(self._certfile) if self._certfile else None,
            ssl_keyfile=str(self._keyfile) if self._keyfile else None,
            timeout_graceful_shutdown=2,
            backlog=2048,
        )
        self._socket = sock
        self._app = app
        self._server = _Server(config, on_started)
        return self._server, sock

    def start(self) -> Emulator:
        """Start serving in a background thread; return once the socket accepts connections.

        Returns:
            The emulator itself (so `emu = Emulator().start()` works).

        Raises:
            RuntimeError: The emulator was started before (create a new one).
            OSError: The port cannot be bound.
        """
        try:
            server, sock = self._prepare(self._started.set)
        except BaseException:
            self._close()
            raise

        def run() -> None:
            try:
                server.run(sockets=[sock])
            except BaseException as exc:  # surfaced by start(); a thread would otherwise swallow it
                self._error = exc
            finally:
                self._started.set()

        self._thread = threading.Thread(target=run, name=f"acs-emulator-{self.port}", daemon=True)
        self._thread.start()
        self._started.wait()
        if not server.started:
            self.stop()
            raise RuntimeError("the emulator failed to start") from self._error
        return self

    def run_forever(self, on_started: Callable[[Emulator], None] | None = None) -> None:
        """Serve in this thread until interrupted (SIGINT or SIGTERM), as the command line does.

        Args:
            on_started: Called with the emulator once it listens (e.g. to print its connection string).
        """
        try:
            server, sock = self._prepare(lambda: on_started(self) if on_started else None)
            server.run(sockets=[sock])
        finally:
            self._close()

    def stop(self) -> None:
        """Stop serving and release the socket, the store and any generated certificate. Idempotent."""
        if self._server is not None:
            self._server.should_exit = True
            # Idle keep-alive (and TLS close_notify) would otherwise hold the shutdown for the grace period.
            self._server.force_exit = True
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._close()

    def _close(self) -> None:
        if self._app is not None:
            self._app.close()
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._store.close()
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Emulator(endpoint={self.endpoint!r}, resource_id={self.resource_id!r})"

    # --- connection facts -------------------------------------------------------------------------------

    @property
    def endpoint(self) -> str:
        """The URL clients connect to, e.g. `http://127.0.0.1:54321` (`https://localhost:...` with TLS)."""
        host = self.host
        if self.https and host in ("127.0.0.1", "localhost", "0.0.0.0", "::"):
            host = "localhost"  # the name in the certificate that every client library resolves
        elif ":" in host:
            host = f"[{host}]"
        return f"{'https' if self.https else 'http'}://{host}:{self.port}"

    @property
    def connection_string(self) -> str:
        """`endpoint=<endpoint>/;accesskey=<access key>`, for `from_connection_string`."""
        return f"endpoint={self.endpoint}/;accesskey={self._access_key}"

    @property
    def ca_cert_path(self) -> str | None:
        """The PEM certificate clients must trust (pass as `connection_verify`); None without TLS."""
        if not self.https or self._certfile is None:
            return None
        return str(self._certfile_out or self._certfile)

    @property
    def ca_bundle_path(self) -> str | None:
        """The certificate plus the public roots (certifi): for SSL_CERT_FILE / REQUESTS_CA_BUNDLE, which
        replace a process's whole trust store. With a certificate of your own: that certificate."""
        if not self.https:
            return None
        return str(self._bundle) if self._bundle is not None else self.ca_cert_path

    @property
    def trust_environment(self) -> dict[str, str]:
        """The environment that makes our client (httpx, aiohttp) and Microsoft's (requests, aiohttp) trust
        this emulator with no change to their code; empty over plain HTTP."""
        bundle = self.ca_bundle_path
        return {} if bundle is None else {"SSL_CERT_FILE": bundle, "REQUESTS_CA_BUNDLE": bundle}

    @property
    def environment_line(self) -> str:
        """`export SSL_CERT_FILE=... REQUESTS_CA_BUNDLE=...` (a POSIX shell line), or "" over plain HTTP."""
        items = " ".join(f"{name}={shlex.quote(value)}" for name, value in self.trust_environment.items())
        return f"export {items}" if items else ""

    @property
    def resource_id(self) -> str:
        """The emulated resource's immutable id (the middle part of its users' raw ids)."""
        return self._service.resource_id

    @property
    def tenant_id(self) -> str:
        """The default tenant of minted Entra ID tokens."""
        return self._service.tenant_id

    @property
    def app_id(self) -> str:
        """The default client application id (appid) of minted Entra ID tokens."""
        return self._service.app_id

    @property
    def jwks_url(self) -> str:
        """Where the public key of the token signer is served (`/.well-known/jwks.json`)."""
        return f"{self.endpoint}/.well-known/jwks.json"

    @property
    def jwks(self) -> dict[str, Any]:
        """The JWKS document served at `jwks_url`."""
        return self._service.jwks

    # --- tokens -----------------------------------------------------------------------------------------

    def mint_entra_token(
        self,
        *,
        oid: str | None = None,
        appid: str | None = None,
        tid: str | None = None,
        expires_in: timedelta = timedelta(hours=1),
        audience: str | None = None,
        extra_claims: Mapping[str, Any] | None = None,
    ) -> str:
        """Mint an Entra ID access token of the emulator's test issuer, for the Teams exchanges and bearer
        authentication.

        The token's `iss` is `https://login.microsoftonline.com/<tid>/v2.0`, but only the emulator's own RSA key
        signs it: no other service accepts it.

        Args:
            oid: The user's object id (default: a new UUID).
            appid: The client application id (default: `app_id`).
            tid: The tenant id (default: `tenant_id`).
            expires_in: The lifetime; a negative one gives an already expired token.
            audience: The `aud` claim (default: `https://communication.azure.com`).
            extra_claims: More claims; a claim set to None is left out.

        Returns:
            The signed JWT.
        """
        return self._service.mint_entra_token(
            oid=oid,
            appid=appid,
            tid=tid,
            lifetime=expires_in.total_seconds(),
            audience=audience,
            extra_claims=extra_claims,
        )

    def _mint_access_token(self) -> AccessToken:
        lifetime = timedelta(hours=1)
        token = self.mint_entra_token(oid=self._service.app_id, expires_in=lifetime)
        return AccessToken(token, int(time.time() + lifetime.total_seconds()) - 1)

    def token_credential(self) -> EmulatorTokenCredential:
        """An azure-core `TokenCredential` that mints this emulator's Entra ID tokens, for `CommunicationIdentityClient(endpoint, credential)`.

        Returns:
            The credential.
        """
        return EmulatorTokenCredential(self._mint_access_token)

    def async_token_credential(self) -> EmulatorAsyncTokenCredential:
        """The `AsyncTokenCredential` twin of `token_credential`, for `acs_identity.aio`.

        Returns:
            The credential.
        """
        return EmulatorAsyncTokenCredential(self._mint_access_token)

    def reset(self) -> None:
        """Forget every identity, revocation and assignment; keys, resource id and port stay (the pytest
        plugin's per-test isolation)."""
        self._store.reset()

    def validate_token(self, acs_token: str) -> tuple[bool, str | None]:
        """Check a Communication Services token this emulator issued, as the service would.

        Args:
            acs_token: The token (JWT).

        Returns:
            `(True, None)` for a valid token, else `(False, reason)`: expired, revoked, its identity deleted, or not
            signed by this emulator.
        """
        return self._service.validate_token(acs_token)

    def is_token_valid(self, acs_token: str) -> bool:
        """Whether a token this emulator issued is still valid.

        Args:
            acs_token: The token (JWT).

        Returns:
            False once the token's identity was revoked or deleted, it expired, or another key signed it.
        """
        return self._service.validate_token(acs_token)[0]


def serve(options: EmulatorOptions | None = None, *, print_fn: Callable[[str], None] = print) -> None:
    """Run the emulator in the foreground until Ctrl+C (or SIGTERM), printing how to connect once it listens.

    `acs-identity emulator` and `python -m acs_identity.emulator` call this with the options their flags build.

    Args:
        options: Everything about the server (`EmulatorOptions`; default: HTTPS on localhost:8765). Its `workers`
            runs that many processes accepting on one listening socket, sharing one SQLite store.
        print_fn: Where the start-up lines (endpoint, connection string, trust line) go.

    Raises:
        ValueError: Options that cannot be combined.
    """
    options = options or EmulatorOptions()
    workers = options.workers
    scratch = (
        tempfile.TemporaryDirectory(prefix="acs-emulator-data-")
        if workers > 1 and not options.data_path
        else None
    )
    if scratch is not None:
        options = options.replace(data_path=str(Path(scratch.name) / "emulator.db"))
    context = multiprocessing.get_context("spawn")
    # One count of open connections for all the processes: --max-connections bounds the server, not each.
    open_connections = context.Value("i", 0) if workers > 1 else None
    # The first process creates keys and resource id in the store; the workers then read the same ones.
    emulator = Emulator.from_options(options, open_connections=open_connections)
    children: list[multiprocessing.process.BaseProcess] = []

    def announce(emu: Emulator) -> None:
        if workers > 1:
            # The workers serve the first process's certificate and port, with its store.
            worker_options = options.replace(
                port=emu.port,
                certfile=str(emu._certfile) if emu.https else None,  # pyright: ignore[reportPrivateUsage]
                keyfile=str(emu._keyfile) if emu.https else None,  # pyright: ignore[reportPrivateUsage]
                cert_out=None,
                cert_hosts=(),
            )
            for _ in range(workers - 1):
                # This module's own class: the workers inherit the first process's listening socket.
                inherited = (worker_options, emu._socket, open_connections)  # pyright: ignore[reportPrivateUsage]
                child = context.Process(target=_worker_main, args=inherited, daemon=True)
                child.start()
                children.append(child)
        where = f" in {workers} processes" if workers > 1 else ""
        print_fn(f"ACS Identity emulator listening on {emu.endpoint}{where} (resource {emu.resource_id})")
        if options.access_key == _D.access_key:
            print_fn(f"Connection string: {emu.connection_string}")
        else:  # a key of the caller's own is never echoed
            print_fn(f"Connection string: endpoint={emu.endpoint}/;accesskey=<the access key you gave>")
        if emu.https:
            print_fn(f"CA certificate: {emu.ca_cert_path}")
            if options.cert_hosts:
                print_fn(
                    f"Certificate names: {', '.join(('localhost', '127.0.0.1', '::1', *options.cert_hosts))}"
                )
            print_fn(f"Trust it (our client and azure-communication-identity): {emu.environment_line}")
        print_fn("Press Ctrl+C to stop.")

    # uvicorn shuts down on SIGTERM, then re-raises it; with the default action the process would die before
    # the cleanup below, leaving worker processes behind. SystemExit lets the cleanup run.
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        emulator.run_forever(announce)
    finally:
        for child in children:
            child.terminate()
        for child in children:
            child.join()
        if scratch is not None:
            scratch.cleanup()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _worker_main(
    options: EmulatorOptions, listen_socket: socket.socket, open_connections: SharedCounter | None
) -> None:
    _die_with_parent()
    try:
        emulator = Emulator.from_options(
            options, listen_socket=listen_socket, open_connections=open_connections
        )
        emulator.run_forever()
    except KeyboardInterrupt:
        pass  # Ctrl+C reaches the whole process group; the parent reports the shutdown


def _die_with_parent() -> None:
    """Ask Linux to SIGTERM this worker when its parent dies, however the parent ends."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere the parent's cleanup has to do
