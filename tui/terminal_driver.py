"""The reader's terminal driver: Textual's own, sized by the terminal it draws on.

Textual sizes its screen with ``shutil.get_terminal_size()``, which is made for programs that print lines: it takes
``$COLUMNS`` and ``$LINES`` when they are set, and otherwise the size of standard output. The reader draws on
standard error. With ``COLUMNS=40 LINES=10`` in its environment (a shell or a script that exports them) it drew a
40x10 screen in a 100x30 terminal and kept that size through every resize; with its output redirected
(`newsdesk > log`), 80x24 whatever the terminal's size. The first layout, before the driver reports a size,
took Rich's console size, which reads them too: with ``LINES=10000`` or an eleven-digit ``COLUMNS`` exported the
reader laid out a screen of that size and drew nothing for minutes, or ever. The driver knows its size from the
start.

And it reads keys as UTF-8 with no room for a byte that is not: a terminal in a Latin-1 or C locale (typing "ß" in
the search bar, or Alt+a where the terminal sends Alt as the eighth bit) ended the reader with a traceback,
"UnicodeDecodeError: 'utf-8' codec can't decode byte 0xdf". Such a byte is read as U+FFFD, as Python reads
standard input (``errors="replace"`` is not an option Textual gives).

Both ways it uses the terminal's encoding, its locale's (:mod:`tui.screen_encoding`), not Python's output
encoding: with ``PYTHONIOENCODING=ascii`` every border and mark was drawn as "?". A Latin-1 terminal's "ß" is
read as "ß".
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder
from typing import Any

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

from .screen_encoding import screen_stream, terminal_encoding
from .widgets.cells import use_terminal_encoding


class ReaderDriver(LinuxDriver):
    """Textual's Unix driver, sized by the terminal it writes to (its ``_file``, standard error), reading any byte
    the keyboard sends, and writing and reading in the terminal's encoding (:mod:`tui.screen_encoding`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.encoding = terminal_encoding()
        self._file = screen_stream(self._file)  # type: ignore[assignment]
        use_terminal_encoding(self.encoding)  # cut text ends in "..." where "…" cannot be shown
        if self._size is None:  # the first layout's too (Textual's fallback, Rich's console, reads $COLUMNS)
            self._size = self._get_terminal_size()

    def _get_terminal_size(self) -> tuple[int, int]:
        screen = self._file
        try:
            if screen is None:
                raise ValueError("no stream to draw on")
            columns, lines = os.get_terminal_size(screen.fileno())
        except (AttributeError, ValueError, OSError):  # not a terminal after all: Textual's own answer
            return super()._get_terminal_size()
        if columns <= 0 or lines <= 0:  # a terminal never given a size
            return super()._get_terminal_size()
        return columns, lines

    def run_input_thread(self) -> None:
        """Textual's ``LinuxDriver.run_input_thread`` (8.2), its UTF-8 decoder made to replace a bad byte."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder(self.encoding)(errors="replace").decode

        def process_selector_events(
            selector_events: list[tuple[selectors.SelectorKey, int]], final: bool = False
        ) -> None:
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & selectors.EVENT_READ:
                    unicode_data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:  # standard input piped, and at its end
                        break
                    for event in parser.feed(unicode_data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass


def reader_driver(driver: type[Driver]) -> type[Driver]:
    """``driver`` (the one Textual chose), or the reader's in place of Textual's Unix driver."""
    return ReaderDriver if driver is LinuxDriver else driver
