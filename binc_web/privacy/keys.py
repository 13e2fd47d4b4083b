"""G-4: the secret key of the research pseudonyms, a file in ``instance/`` (never in the
database, never in an export), created on first use readable by its owner only."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app


def research_key_path() -> Path:
    """``RESEARCH_KEY_PATH`` when configured, else ``instance/research_key``."""
    configured = current_app.config.get("RESEARCH_KEY_PATH")
    return Path(configured) if configured else Path(current_app.instance_path) / "research_key"


def research_key() -> bytes:
    """The key, created (32 random bytes, hex, mode 0600) when the file does not exist yet."""
    path = research_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another worker created it a moment ago: read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    key = path.read_text().strip()
    if len(key) < 32:
        raise RuntimeError(f"De sleutel in {path} is te kort (minstens 32 tekens).")
    return key.encode()
