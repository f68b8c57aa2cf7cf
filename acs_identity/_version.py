"""The package version (kept in step with pyproject.toml; importlib.metadata is too slow to import eagerly)."""

VERSION = "0.1.0"
