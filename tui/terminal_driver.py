"""The reader's terminal driver: Textual's own, sized by the terminal it draws on.

Textual sizes its screen with ``shutil.get_terminal_size()``, which is made for programs that print lines: it takes
``$COLUMNS`` and ``$LINES`` when they are set, and otherwise the size of standard output. The reader draws on
standard error. With ``COLUMNS=40 LINES=10`` in its environment (a shell or a script that exports them) it drew a
40x10 screen in a 100x30 terminal and kept that size through every resize; with its output redirected
(`newsdesk > log`), 80x24 whatever the terminal's size.
"""

from __future__ import annotations

import os

from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver


class ScreenSizedDriver(LinuxDriver):
    """Textual's Unix driver, sized by the terminal it writes to (its ``_file``, standard error)."""

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


def sized_by_the_screen(driver: type[Driver]) -> type[Driver]:
    """``driver`` (the one Textual chose), or the screen-sized one in place of Textual's Unix driver."""
    return ScreenSizedDriver if driver is LinuxDriver else driver
