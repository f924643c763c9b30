"""The reader's config: good values are applied, bad ones become warnings in words and keep their defaults."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.config import Config, load_config, parse_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_without_warning(tmp_path: Path) -> None:
    config, warnings = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert warnings == []


def test_every_setting_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        theme = "nord"
        mark_read_on_open = false
        retention_per_feed = 50
        retention_days = 7
        refresh_minutes = 15.5
        browser = "firefox --new-tab"

        [keymap]
        "story.toggle_read" = "x"
        "cursor.down" = "j, ctrl+n"
        """,
    )
    config, warnings = load_config(path)
    assert warnings == []
    assert config.theme == "nord"
    assert config.mark_read_on_open is False
    assert config.retention_per_feed == 50
    assert config.retention_days == 7.0 and isinstance(config.retention_days, float)
    assert config.refresh_minutes == 15.5
    assert config.browser == "firefox --new-tab"
    assert config.keymap == {"story.toggle_read": "x", "cursor.down": "j,ctrl+n"}


def test_syntax_error_gives_defaults_and_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "nord\nretention_days = 3\n')
    config, warnings = load_config(path)
    # the defaults, but retention purges nothing until the file is fixed
    assert config == replace(Config(), retention_per_feed=0)
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "default settings" in warnings[0]


def test_wrong_types_keep_their_defaults_and_the_rest_applies(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        theme = 3
        mark_read_on_open = "yes"
        retention_per_feed = 2.5
        retention_days = -1
        refresh_minutes = true
        browser = "lynx"
        keymap = "x"
        """,
    )
    config, warnings = load_config(path)
    assert config.browser == "lynx"  # the one good value
    assert config.theme == Config.theme
    assert config.mark_read_on_open is True
    # an unreadable retention setting purges nothing, not the default 500
    assert config.retention_per_feed == 0
    assert config.retention_days == 0.0
    assert config.refresh_minutes == Config.refresh_minutes
    assert config.keymap == {}
    text = "\n".join(warnings)
    for name in (
        "theme",
        "mark_read_on_open",
        "retention_per_feed",
        "retention_days",
        "refresh_minutes",
        "keymap",
    ):
        assert f"`{name}`" in text
    assert "should be text, not a whole number" in text
    assert "cannot be negative" in text


def test_unknown_keys_are_named_and_ignored(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, 'colour = "red"\ntheme = "nord"\n'))
    assert config.theme == "nord"
    assert warnings == ["config: unknown setting `colour` (ignored)"]


def test_keymap_entries_must_be_key_text(tmp_path: Path) -> None:
    config, warnings = parse_config('[keymap]\n"story.bookmark" = 5\n"app.quit" = "ctrl+q"\n')
    assert config.keymap == {"app.quit": "ctrl+q"}
    assert len(warnings) == 1 and "story.bookmark" in warnings[0]


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, 'theme = "gruvbox"\n')
    monkeypatch.setenv("NEWSDESK_CONFIG", str(path))
    config, warnings = load_config(None)
    assert (config.theme, warnings) == ("gruvbox", [])


def test_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.mkdir()  # a folder where the file should be
    config, warnings = load_config(path)
    assert config == replace(Config(), retention_per_feed=0)
    assert len(warnings) == 1 and "cannot read" in warnings[0]


def test_every_field_has_a_docstring() -> None:
    source = Path(__file__).resolve().parents[1].joinpath("tui", "config.py").read_text(encoding="utf-8")
    for name in Config.__dataclass_fields__:
        head, _, rest = source.partition(f"\n    {name}: ")
        assert rest, name
        following = rest.split("\n", 2)[1].strip()
        assert following.startswith('"""'), f"{name} has no docstring"


def test_a_refresh_interval_below_a_minute_is_raised_to_one() -> None:
    """`refresh_minutes = 1e-300` made a timer that fired without pause and the reader never answered a key."""
    for value in ("1e-300", "0.001"):
        config, warnings = parse_config(f"refresh_minutes = {value}\n")
        assert config.refresh_minutes == 1.0
        assert len(warnings) == 1 and "`refresh_minutes`" in warnings[0]
    assert parse_config("refresh_minutes = 15.5\n") == (replace(Config(), refresh_minutes=15.5), [])


def test_not_a_number_keeps_the_default() -> None:
    config, warnings = parse_config("retention_days = nan\nrefresh_minutes = nan\n")
    assert (config.retention_days, config.refresh_minutes) == (Config.retention_days, Config.refresh_minutes)
    assert len(warnings) == 2


def test_text_width_is_read_and_bad_values_keep_the_default() -> None:
    assert parse_config("text_width = 72\n") == (replace(Config(), text_width=72), [])
    assert parse_config("text_width = 0\n") == (replace(Config(), text_width=0), [])  # the full width
    for value, words in (('"wide"', "should be a whole number, not text"), ("-5", "cannot be negative")):
        config, warnings = parse_config(f"text_width = {value}\n")
        assert config.text_width == Config.text_width == 100
        assert len(warnings) == 1 and "`text_width`" in warnings[0] and words in warnings[0]


def test_a_text_width_of_a_few_cells_is_raised_to_twenty() -> None:
    """A story of a word or two a line, thousands of lines long, reads as nothing at all."""
    config, warnings = parse_config("text_width = 3\n")
    assert config.text_width == 20
    assert len(warnings) == 1 and "`text_width` is at least 20" in warnings[0]
