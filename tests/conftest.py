"""Fixtures: the embedded server (or a real Informix when IFX_HOST is set)."""

pytest_plugins = ["ifxserver.testing"]
