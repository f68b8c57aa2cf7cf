"""EmulatorOptions: the one description of how to run the emulator, shared by `acs-identity emulator`,
`python -m acs_identity.emulator`, serve(), the worker processes and the benchmarks.

OPTION_SPECS maps each command-line flag to a field once; the argparse and click front ends are both built
from it, and EmulatorOptions.to_argv() turns an options object back into flags (the benchmarks start the
emulator that way).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from acs_identity._capabilities import REPEATABILITY_WINDOW_SECONDS

from ._constants import DEV_ACCESS_KEY, MAX_BODY_BYTES, MAX_CLOCK_SKEW

DEFAULT_PORT = 8765
# The emulator's defaults for repeatable requests and list pages (here, not in the server modules: the
# command line reads them without loading the server).
DEFAULT_REPEATABILITY_SECONDS = REPEATABILITY_WINDOW_SECONDS  # the service's window (ACS: five minutes)
DEFAULT_PAGE_SIZE = 100
TOKEN_MODES = ("sign", "canned")
# Host names and addresses always in the generated certificate.
DEFAULT_CERT_HOSTS = ("localhost", "127.0.0.1", "::1")
_HOST_NAME = re.compile(
    r"(?=.{1,253}$)(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*"
)


@dataclass(frozen=True, kw_only=True)
class Limits:
    """What one client may cost the emulator. Each limit answers the way a front end would (431, 414, 413,
    408, 503) and closes the connection; the defaults are far above what any SDK sends."""

    # The request line and headers together, in bytes (431 beyond).
    max_header_bytes: int = 32 * 1024
    # The request line alone (method, target, version), in bytes (414 beyond).
    max_request_line: int = 8 * 1024
    # The request body, in bytes (413 beyond).
    max_body_bytes: int = MAX_BODY_BYTES
    # Seconds from a request's first byte until its headers are complete (408 after).
    header_timeout: float = 10.0
    # Seconds from the end of the headers until the body is complete (408 after).
    body_timeout: float = 30.0
    # Seconds a connection may sit idle, before its first request or between requests, before it is closed.
    # Long, like Azure's front ends: a pooled connection closed just as a client reuses it fails the call.
    keep_alive_timeout: float = 120.0
    # Connections open at once; one more is answered 503 and closed.
    max_connections: int = 1000

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{_flag(item.name)} must be a positive number, not {value!r}")


def default_cert_dir() -> Path:
    """Where the generated certificate lives between runs, so the path (and the trust it is given) stays put."""
    explicit = os.environ.get("ACS_IDENTITY_EMULATOR_CERT_DIR")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "acs-identity" / "emulator"


@dataclass(frozen=True, kw_only=True)
class EmulatorOptions:
    """How to run the emulator as a server. The defaults are those of `acs-identity emulator` with no flags:
    HTTPS on 127.0.0.1:8765 with a generated certificate kept in default_cert_dir()."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    https: bool = True
    # Extra DNS names or IP addresses for the generated certificate (a CI service name such as "emulator").
    cert_hosts: tuple[str, ...] = ()
    # A certificate of your own (PEM) instead of the generated one; both or neither.
    certfile: str | None = None
    keyfile: str | None = None
    # Where the generated certificate is kept (None: default_cert_dir()).
    cert_dir: str | None = None
    # Also copy the certificate clients must trust here.
    cert_out: str | None = None
    data_path: str | None = None
    faults: str | None = None
    token_mode: str = "sign"
    access_key: str = DEV_ACCESS_KEY
    # How far a request's x-ms-date may be from the emulator's clock, in seconds.
    replay_window: float = MAX_CLOCK_SKEW.total_seconds()
    # How long a repeatable create (Repeatability-Request-ID, api-version 2023-08-01) is remembered, in
    # seconds: its Repeatability-First-Sent must be this close to the clock (412 otherwise).
    repeatability_window: float = DEFAULT_REPEATABILITY_SECONDS
    # Entra ID assignments per page of GET /access/entra/assignments (the rest by nextLink).
    page_size: int = DEFAULT_PAGE_SIZE
    # RSA signatures in a thread pool of this size (0: on the event loop). Measured on a busy 2-core machine,
    # handing each signature to a thread costs more CPU per request (GIL, wake-ups) than the overlap returns.
    signing_threads: int = 0
    # Processes accepting on one socket and sharing one SQLite store (serve() only). One RSA-2048 signature
    # is ~0.3 ms of the ~0.46 ms of CPU a fresh token costs, so one process tops out near 2,000 tokens/s;
    # two use both cores at about the same CPU per request (~15% more when other work oversubscribes the
    # cores; scripts/bench_emulator.py --workers 1 for the comparison).
    workers: int = 2
    limits: Limits = field(default_factory=Limits)
    log_level: str = "warning"

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"--port must be between 0 and 65535, not {self.port}")
        if (self.certfile is None) != (self.keyfile is None):
            raise ValueError("--certfile and --keyfile go together")
        if not self.https and (self.certfile or self.cert_out or self.cert_hosts):
            raise ValueError("--certfile, --cert-out and --cert-host need HTTPS (drop --http)")
        for name in self.cert_hosts:
            check_cert_host(name)
        if self.token_mode not in TOKEN_MODES:
            raise ValueError(f"--token-mode must be one of {', '.join(TOKEN_MODES)}, not {self.token_mode!r}")
        if self.replay_window <= 0:
            raise ValueError(
                f"--replay-window must be a positive number of seconds, not {self.replay_window}"
            )
        if self.repeatability_window <= 0:
            raise ValueError(
                f"--repeatability-window must be a positive number of seconds, not {self.repeatability_window}"
            )
        if self.page_size < 1:
            raise ValueError(f"--page-size must be at least 1, not {self.page_size}")
        if self.signing_threads < 0:
            raise ValueError(f"--signing-threads must be 0 or more, not {self.signing_threads}")
        if self.workers < 1:
            raise ValueError(f"--workers must be at least 1, not {self.workers}")
        if self.faults:
            from ._faults import FaultConfig

            try:
                FaultConfig.parse(self.faults)
            except ValueError as error:
                raise ValueError(f"--faults: {error}") from None

    @property
    def replay_window_delta(self) -> timedelta:
        return timedelta(seconds=self.replay_window)

    @classmethod
    def from_flags(cls, values: Mapping[str, Any]) -> EmulatorOptions:
        """Options from parsed flags keyed by OPTION_SPECS names; None (a flag not given) keeps the default."""
        top: dict[str, Any] = {}
        limits: dict[str, Any] = {}
        for spec in OPTION_SPECS:
            value = values.get(spec.name)
            if value is None or (spec.multiple and not value):
                continue
            if spec.multiple:
                value = tuple(value)
            if spec.name in _LIMIT_FIELDS:
                limits[spec.name] = value
            else:
                top[spec.name] = value
        return cls(**top, limits=Limits(**limits))

    def to_argv(self) -> list[str]:
        """The flags that give these options (access_key and log_level have none: they stay at their defaults)."""
        argv: list[str] = []
        defaults = EmulatorOptions()
        for spec in OPTION_SPECS:
            value, default = spec.get(self), spec.get(defaults)
            if value == default:
                continue
            if spec.kind is bool:
                argv.append(spec.flag if value else str(spec.off_flag))
            elif spec.multiple:
                for item in value:
                    argv += [spec.flag, str(item)]
            else:
                argv += [spec.flag, str(value)]
        return argv

    def replace(self, **changes: Any) -> EmulatorOptions:
        return dataclasses.replace(self, **changes)


def check_cert_host(name: str) -> None:
    try:
        ipaddress.ip_address(name)
        return
    except ValueError:
        pass
    if not _HOST_NAME.fullmatch(name):
        raise ValueError(f"--cert-host {name!r} is neither a DNS name nor an IP address")


@dataclass(frozen=True)
class OptionSpec:
    name: str  # the field of EmulatorOptions (or of Limits)
    help: str
    kind: type = str
    metavar: str | None = None
    multiple: bool = False
    off_flag: str | None = None  # for switches: the flag that turns it off
    choices: tuple[str, ...] | None = None

    @property
    def flag(self) -> str:
        return _flag(self.name)

    def get(self, options: EmulatorOptions) -> Any:
        return getattr(options.limits if self.name in _LIMIT_FIELDS else options, self.name)


def _flag(name: str) -> str:
    return "--" + {"data_path": "data", "cert_hosts": "cert_host"}.get(name, name).replace("_", "-")


_LIMIT_FIELDS = frozenset(f.name for f in dataclasses.fields(Limits))
_L = Limits()

OPTION_SPECS: tuple[OptionSpec, ...] = (
    OptionSpec(
        "host", "Interface to listen on (0.0.0.0 for a CI service other containers reach).", metavar="HOST"
    ),
    OptionSpec("port", f"Port (0 = any free port; default {DEFAULT_PORT}).", int, "PORT"),
    OptionSpec("https", "Serve HTTPS (the default) or plain HTTP.", bool, off_flag="--http"),
    OptionSpec(
        "cert_hosts",
        "Add a DNS name or IP address to the generated certificate (repeatable), e.g. a CI service name.",
        metavar="NAME",
        multiple=True,
    ),
    OptionSpec(
        "certfile", "Serve this PEM certificate (chain) instead of the generated one.", metavar="PATH"
    ),
    OptionSpec("keyfile", "The private key (PEM) of --certfile.", metavar="PATH"),
    OptionSpec("cert_dir", "Keep the generated certificate here (default: the user's cache).", metavar="DIR"),
    OptionSpec("cert_out", "Also copy the certificate clients must trust (PEM) here.", metavar="PATH"),
    OptionSpec("data_path", "Keep identities, keys and resource id in this SQLite file.", metavar="PATH"),
    OptionSpec(
        "faults",
        "Inject faults, e.g. '429=0.05,503=0.05,drop=0.01,retry-after=1,latency=0.02,seed=7'.",
        metavar="SPEC",
    ),
    OptionSpec(
        "token_mode",
        "sign: a fresh RS256 token per request; canned: one pre-signed token (client benchmarks).",
        choices=TOKEN_MODES,
    ),
    OptionSpec(
        "replay_window",
        f"Seconds a request's x-ms-date may differ from the clock (default {MAX_CLOCK_SKEW.total_seconds():g}).",
        float,
        "SECONDS",
    ),
    OptionSpec(
        "repeatability_window",
        "Seconds a repeatable create is remembered; its Repeatability-First-Sent must be this recent "
        f"(default {DEFAULT_REPEATABILITY_SECONDS:g}).",
        float,
        "SECONDS",
    ),
    OptionSpec(
        "page_size", f"Entra ID assignments per page of a list (default {DEFAULT_PAGE_SIZE}).", int, "N"
    ),
    OptionSpec("signing_threads", "Threads signing tokens (default 0: on the event loop).", int, "N"),
    OptionSpec("workers", "Processes sharing the port and one SQLite store (default 2).", int, "N"),
    OptionSpec(
        "max_header_bytes", f"Request line + headers limit (default {_L.max_header_bytes}).", int, "BYTES"
    ),
    OptionSpec("max_request_line", f"Request line limit (default {_L.max_request_line}).", int, "BYTES"),
    OptionSpec("max_body_bytes", f"Request body limit (default {_L.max_body_bytes}).", int, "BYTES"),
    OptionSpec(
        "header_timeout", f"Seconds to receive the headers (default {_L.header_timeout:g}).", float, "SECONDS"
    ),
    OptionSpec(
        "body_timeout", f"Seconds to receive the body (default {_L.body_timeout:g}).", float, "SECONDS"
    ),
    OptionSpec(
        "keep_alive_timeout",
        f"Seconds an idle connection stays open (default {_L.keep_alive_timeout:g}).",
        float,
        "SECONDS",
    ),
    OptionSpec("max_connections", f"Connections open at once (default {_L.max_connections}).", int, "N"),
)
