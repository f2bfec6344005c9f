"""House charts of the events domain (they take an ``ax`` and return it)."""

from __future__ import annotations

__all__: list[str] = []
