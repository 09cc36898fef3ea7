"""Editing a plan's scenario document row by row (pure functions on plain dicts).

The measures and investments of a plan are its dataset's rows with the changes of the
document's ``[decisions]`` applied. The row endpoints turn each edit into the document's own
vocabulary, so that the document stays the one source of truth and reads like a scenario
file: a new row is an ``add``, a changed row of the dataset an ``update`` (``where`` its id,
``set`` the changed columns), a deleted one a ``remove``.
"""

from __future__ import annotations

import copy
from typing import Any


def _changes(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    decisions = doc.setdefault("decisions", {})
    changes = decisions.setdefault(kind, {})
    for action in ("add", "remove", "update"):
        if isinstance(changes.get(action), dict):
            changes[action] = [changes[action]]
    return changes  # type: ignore[no-any-return]


def _drop_empty(doc: dict[str, Any], kind: str) -> dict[str, Any]:
    changes = doc["decisions"][kind]
    for action in ("add", "remove", "update"):
        if action in changes and not changes[action]:
            del changes[action]
    if not changes:
        del doc["decisions"][kind]
    if not doc["decisions"]:
        del doc["decisions"]
    return doc


def added_index(doc: dict[str, Any], kind: str, key: str, row_id: Any) -> int | None:
    """The position of the row ``row_id`` among the document's added rows, or None."""
    adds = (doc.get("decisions") or {}).get(kind, {}).get("add") or []
    if isinstance(adds, dict):
        adds = [adds]
    for i, row in enumerate(adds):
        if isinstance(row, dict) and row.get(key) == row_id:
            return i
    return None


def add_row(doc: dict[str, Any], kind: str, row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The document with ``row`` added, and the pointer of the new entry."""
    new = copy.deepcopy(doc)
    changes = _changes(new, kind)
    adds = changes.setdefault("add", [])
    adds.append(row)
    return new, f"/decisions/{kind}/add/{len(adds) - 1}"


def set_row(
    doc: dict[str, Any],
    kind: str,
    key: str,
    row_id: Any,
    current: dict[str, Any],
    row: dict[str, Any],
) -> tuple[dict[str, Any], str]:
    """The document with the row ``row_id`` (now ``current``) changed to ``row``, and the
    pointer of the entry that holds the new values (an ``add`` row or an ``update``'s
    ``set``)."""
    new = copy.deepcopy(doc)
    changes = _changes(new, kind)
    i = added_index(new, kind, key, row_id)
    if i is not None:
        changes["add"][i] = {k: v for k, v in row.items() if v is not None}
        return new, f"/decisions/{kind}/add/{i}"
    diff = {c: v for c, v in row.items() if current.get(c) != v}
    updates = changes.setdefault("update", [])
    for j, entry in enumerate(updates):
        if isinstance(entry, dict) and entry.get("where") == {key: row_id}:
            entry["set"] = {**(entry.get("set") or {}), **diff}
            return new, f"/decisions/{kind}/update/{j}/set"
    if not diff:
        return _drop_empty(new, kind), ""
    updates.append({"where": {key: row_id}, "set": diff})
    return new, f"/decisions/{kind}/update/{len(updates) - 1}/set"


def remove_row(doc: dict[str, Any], kind: str, key: str, row_id: Any) -> dict[str, Any]:
    """The document without the row ``row_id``: an added row is taken out of the document,
    a row of the dataset gets a ``remove``."""
    new = copy.deepcopy(doc)
    changes = _changes(new, kind)
    if "update" in changes:
        changes["update"] = [
            e
            for e in changes["update"]
            if not (isinstance(e, dict) and e.get("where") == {key: row_id})
        ]
    i = added_index(new, kind, key, row_id)
    if i is not None:
        del changes["add"][i]
    else:
        changes.setdefault("remove", []).append({key: row_id})
    return _drop_empty(new, kind)


def relative(field: str, prefix: str) -> str:
    """A problem's pointer into the document made relative to the edited row's entry."""
    if prefix and (field == prefix or field.startswith(prefix + "/")):
        return field[len(prefix) :]
    return field
