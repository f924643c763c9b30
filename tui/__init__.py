"""newsdesk terminal UI (Textual)."""
