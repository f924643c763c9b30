"""newsdesk engine: fetch, parse, store and enrich news feeds. Never imports Textual."""

#: The version, as pyproject.toml says it (tests/test_refresh_start.py holds the two and the installed one
#: together). Read from the installed package's metadata, it cost every refresh importlib.metadata and a walk of
#: the import path (about 7 ms of CPU), for the User-Agent alone.
VERSION = "0.1.0"
