"""The package version (one place: the build reads it too)."""

__version__ = "0.1.0"
