"""newsdesk engine: fetch, parse, store and enrich news feeds. Never imports Textual."""
