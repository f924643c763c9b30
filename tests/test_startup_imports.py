"""What the reader loads before its first paint. numpy, the related-stories index and the enrichment pass load
after it (README, Performance: start-up); a module-level import of the entity pivot (for its remappable keys) and
of the related reasons' wording pulled them in at start, and the imports' CPU went from about 250 to 500 ms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LATER = ("numpy", "feeds.enrich", "feeds.related", "feeds.entity_index", "feeds.search.index")


def test_the_reader_s_modules_load_nothing_kept_for_after_the_first_paint() -> None:
    code = (
        "import sys\n"
        "import tui.cli, tui.app, tui.screens.main\n"
        f"print(sorted(m for m in {LATER!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
