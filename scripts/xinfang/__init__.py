"""Tooling of the xinfang-performance data package (the ``xinfang`` command)."""

__version__ = "0.2.0"
