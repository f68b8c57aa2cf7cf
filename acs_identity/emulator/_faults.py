"""Fault injection: throttling, server errors, added latency and dropped connections, off by default."""

from __future__ import annotations

import enum
import random
import threading
from dataclasses import dataclass


class Fault(enum.Enum):
    THROTTLE = 429
    INTERNAL_ERROR = 500
    UNAVAILABLE = 503
    DROP = 0
    DROP_AFTER = 1  # the request is executed, then the connection closed without the answer


_KEYS = {
    "429": "throttle",
    "500": "internal_error",
    "503": "unavailable",
    "drop": "drop",
    "drop-after": "drop_after",
    "drop_after": "drop_after",
    "latency": "latency",
    "retry-after": "retry_after",
    "retry_after": "retry_after",
    "seed": "seed",
}


@dataclass(frozen=True, slots=True)
class FaultConfig:
    """What fraction of API requests fail, and how (the JWKS, validation and info endpoints are never faulted).

    Attributes:
        throttle: Fraction (0 to 1) of requests answered 429, with `Retry-After`.
        internal_error: Fraction answered 500.
        unavailable: Fraction answered 503.
        drop: Fraction whose connection is closed without a response, before the request is executed.
        drop_after: Fraction executed and then closed without a response: the service acted but the client
            never hears of it (what makes a retried create an orphan unless it is idempotent).
        latency: Seconds added to every API request.
        retry_after: The 429's `Retry-After`, in seconds (may be fractional; also sent as `retry-after-ms`).
        seed: Makes the sequence of faults repeatable.

    Raises:
        ValueError: A fraction outside 0 to 1, fractions adding up to more than 1, or a negative latency or
            retry-after.
    """

    throttle: float = 0.0
    internal_error: float = 0.0
    unavailable: float = 0.0
    drop: float = 0.0
    drop_after: float = 0.0
    latency: float = 0.0
    retry_after: float = 1.0
    seed: int | None = None

    def __post_init__(self) -> None:
        rates = (self.throttle, self.internal_error, self.unavailable, self.drop, self.drop_after)
        if any(not 0.0 <= r <= 1.0 for r in rates):
            raise ValueError("fault fractions must be between 0 and 1")
        if sum(rates) > 1.0 + 1e-9:
            raise ValueError("fault fractions must add up to at most 1")
        if self.latency < 0 or self.retry_after < 0:
            raise ValueError("latency and retry-after must not be negative")

    @property
    def enabled(self) -> bool:
        """True when any fault or latency is configured."""
        rates = (self.throttle, self.internal_error, self.unavailable, self.drop, self.drop_after)
        return bool(any(rates) or self.latency)

    @classmethod
    def parse(cls, text: str) -> FaultConfig:
        """Parse the text form of a fault configuration.

        Args:
            text: `"429=0.05,503=0.05,500=0,drop=0.01,drop-after=0.01,latency=0.02,retry-after=1,seed=7"`, or
                any subset.

        Returns:
            The configuration.

        Raises:
            ValueError: An unknown name, a value that is not a number, or values `FaultConfig` refuses.
        """
        values: dict[str, float | int] = {}
        for item in text.split(","):
            item = item.strip()
            if not item:
                continue
            name, sep, raw = item.partition("=")
            field = _KEYS.get(name.strip().lower())
            if not sep or field is None:
                raise ValueError(
                    f"unknown fault setting {name.strip()!r}; expected one of {', '.join(_KEYS)}"
                )
            try:
                values[field] = int(raw) if field == "seed" else float(raw)
            except ValueError:
                raise ValueError(
                    f"fault setting {name.strip()!r} needs a number, got {raw.strip()!r}"
                ) from None
        return cls(**values)  # type: ignore[arg-type]


class FaultInjector:
    """Draws, per request, which fault (if any) to inject; one seeded generator so runs repeat."""

    def __init__(self, config: FaultConfig) -> None:
        self.config = config
        self._random = random.Random(config.seed)
        self._lock = threading.Lock()
        self._bands = (
            (config.drop, Fault.DROP),
            (config.drop_after, Fault.DROP_AFTER),
            (config.throttle, Fault.THROTTLE),
            (config.internal_error, Fault.INTERNAL_ERROR),
            (config.unavailable, Fault.UNAVAILABLE),
        )

    def draw(self) -> Fault | None:
        with self._lock:
            roll = self._random.random()
        for rate, fault in self._bands:
            if roll < rate:
                return fault
            roll -= rate
        return None
