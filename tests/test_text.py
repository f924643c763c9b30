"""feeds.text: what untrusted feed text loses before it is stored and shown."""

from __future__ import annotations

from feeds.text import _ANY_UNSAFE, _is_safe, clean_line, clean_text, strip_unsafe


def test_terminal_sequences_go_with_their_payload() -> None:
    text = "a\x1b]52;c;ZXZpbA==\x07b \x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\ c \x1b[31mred\x1b[0m \x9b1m d"
    assert strip_unsafe(text) == "ab link c red  d"


def test_eight_bit_string_sequences_go_when_terminated() -> None:
    assert strip_unsafe("x\x9d8;;https://x.example\x9cy \x90q1\x9c z") == "xy  z"


def test_an_unterminated_introducer_does_not_swallow_the_story() -> None:
    """Mojibake: a UTF-8 closing quote read as Latin-1 is 'â€' + U+009D, common in real feeds. Only the control
    character goes; the rest of the text stays (it is inert once the control characters are gone)."""
    text = "He said \u00e2\u20ac\u009cyes\u00e2\u20ac\u009d and left.\nThe second paragraph stays."
    cleaned = clean_text(text)
    assert cleaned.endswith("and left.\nThe second paragraph stays.")
    assert not any("\x80" <= ch <= "\x9f" for ch in cleaned)
    assert strip_unsafe("a\x1b]52;c;ZXZpbA== rest") == "a52;c;ZXZpbA== rest"  # no ESC left: nothing to act on


def test_many_introducers_without_terminators_are_cheap_and_all_removed() -> None:
    text = ("\x9d" + "word " * 20) * 2000 + "\x1b]" * 5000
    cleaned = strip_unsafe(text)
    assert cleaned == ("word " * 20) * 2000  # an unterminated ESC ] is a two-character escape: gone


def test_invisible_and_control_characters_go_lines_fold() -> None:
    assert clean_line("  a\u202eb\u200bc\x00d\x07e \t\n f  ") == "abcde f"
    assert clean_text("p1 \u2028 p2\r\n\n\n\np3") == "p1\np2\n\np3"


def test_the_fast_safety_check_agrees_with_the_full_pattern_on_every_character() -> None:
    """strip_unsafe answers "nothing to remove" by the cheapest scan it can (ASCII bytes, isprintable); it must
    say so exactly when the full pattern finds nothing, for every code point, alone and among others."""
    checked = 0
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if code > 0x3000 and ch.isprintable() and code % 97:  # printable beyond the common blocks: a sample
            continue
        for text in (ch, "ab\n" + ch + "\t", "é\n" + ch + "x"):
            assert _is_safe(text) == (_ANY_UNSAFE.search(text) is None), hex(code)
            checked += 1
    assert checked > 30_000


def test_a_flood_of_combining_marks_is_cut_to_a_few() -> None:
    """ "Zalgo" text: hundreds of marks on one letter, drawn by terminals over the rows above and below."""
    zalgo = "Z" + "\u0300\u0301\u0316\u0317" * 100 + "algo" + "\u0489" * 50
    assert clean_line(zalgo) == "Z\u0300\u0301\u0316\u0317algo\u0489\u0489\u0489\u0489"
    assert (
        clean_text(f"Body {zalgo}\nnext")
        == "Body Z\u0300\u0301\u0316\u0317algo\u0489\u0489\u0489\u0489\nnext"
    )
    assert _ANY_UNSAFE.search(zalgo) and not _is_safe(zalgo)


def test_real_stacks_of_marks_are_kept() -> None:
    hebrew = "\u05d1\u05bc\u05b8\u0591\u05e8\u05b8\u05d0"  # bet with dagesh, qamats and a cantillation mark
    decomposed = "Vie\u0323\u0302t Nam, cafe\u0301, \u0e01\u0e34\u0e4a"  # Vietnamese, French, Thai
    for text in (hebrew, decomposed, "keycap 1\ufe0f\u20e3"):
        assert _is_safe(text) and strip_unsafe(text) is text


def test_blank_letters_go() -> None:
    """Hangul fillers look like nothing but are letters: a title of them was not empty, and Rich measures U+3164 as
    no cells where terminals draw two, which shifted the rest of its row."""
    assert clean_line("\u3164\u3164 \u115f\u1160 \uffa0") == ""
    assert (
        clean_line("Vowel\u180eseparator and \u17b4Khmer \U0001d173beam") == "Vowelseparator and Khmer beam"
    )
    assert not _is_safe("a\u3164b")
