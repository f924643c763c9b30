"""The benchmark suite: newsdesk beside newsboat, and against the budgets of DESIGN.md.

    .venv/bin/python -m tests.bench                 # full sizes, about 5-10 minutes on 2 cores
    .venv/bin/python -m tests.bench --quick         # small sizes: a smoke test that every part works
    .venv/bin/python -m tests.bench --only refresh,writes --json out.json

It prints a table (what, figure, budget, met?) and writes the same figures as JSON (``bench-results.json`` in the
current folder unless ``--json FILE``). Parts, one module each, each failing on its own without stopping the
others: :mod:`.refresh` (newsdesk refresh beside newsboat's reload), :mod:`.startup` (to the first painted
story list), :mod:`.story` (enter to a 200,000-character story's text on screen), :mod:`.keys` (a key press in the
feed list with 20,000 feeds, to the end of its repaint), :mod:`.search`,
:mod:`.related`, :mod:`.entities`, :mod:`.writes` (read marks and bookmarks as the store grows) and
:mod:`.memory`. A figure is a number, "not built yet" (the feature is not there yet) or "not
available" (newsboat is missing). Speed is measured here, never asserted in tests.
"""
