"""The issue's name for the notifications benchmark: runs ``bench/notifications.py``.

.venv/bin/python bench/messages.py [--orders 1000] [--db sqlite|postgres|both] [--check]
"""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(str(Path(__file__).with_name("notifications.py")), run_name="__main__")
