"""The content hash of a validated register or config: what a run, a saved scenario or a
decision-log entry says it was made on."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel


def content_hash(model: BaseModel) -> str:
    """sha256 of the validated content (not the file's bytes or path): the same register read
    from CSV or Excel hashes alike; any changed value changes it."""
    return hashlib.sha256(model.model_dump_json().encode("utf-8")).hexdigest()
