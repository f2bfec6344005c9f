"""House charts of the groups domain (they take an ``ax`` and return it)."""

from __future__ import annotations

__all__: list[str] = []
