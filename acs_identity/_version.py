"""The package version: the one place it is written (pyproject.toml reads it via hatch's dynamic version;
importlib.metadata would be too slow to import eagerly)."""

VERSION = "0.1.0"
