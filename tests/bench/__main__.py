"""``python -m tests.bench``: run the parts, print the table, write the JSON. See :mod:`tests.bench`."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .common import Context, Row, Section, install_newsboat, load_average, newsboat_path

PARTS = ("refresh", "startup", "story", "keys", "search", "related", "entities", "writes", "memory")


def _format(row: Row) -> str:
    value = row.value
    if isinstance(value, str):
        return value
    if row.unit in ("stories", "tokens/s"):
        return f"{value:,.0f} {row.unit}"
    if row.unit == "MB":
        return f"{value:.0f} MB"
    if row.unit == "x":
        return f"{value:.2f}x"
    return f"{value:.3f} {row.unit}" if row.unit == "s" else f"{value:.2f} {row.unit}"


def _met(row: Row, quick: bool) -> str:
    if row.met is None:
        return "(quick)" if quick and row.budget and not isinstance(row.value, str) else ""
    return "yes" if row.met else "NO"


def table(sections: list[Section], quick: bool) -> str:
    lines = []
    width = max([len(r.what) for s in sections for r in s.rows] + [40])
    head = f"{'what':<{width}}  {'figure':>16}  {'budget':<20}  met?"
    lines += [head, "-" * len(head)]
    for sec in sections:
        lines.append(f"[{sec.title}]  ({sec.seconds:.0f} s)")
        if sec.error:
            lines.append(f"  ERROR: {sec.error}")
        for row in sec.rows:
            lines.append(f"{row.what:<{width}}  {_format(row):>16}  {row.budget:<20}  {_met(row, quick)}")
        lines += [f"  note: {note}" for note in sec.notes]
    return "\n".join(lines)


def _tool_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    try:
        from importlib.metadata import version

        out["textual"] = version("textual")
    except Exception:  # noqa: BLE001 (a version string is a nicety)
        pass
    binary = newsboat_path()
    if binary:
        try:
            first = subprocess.run([binary, "-v"], capture_output=True, text=True, timeout=10).stdout
            out["newsboat"] = first.splitlines()[0] if first else "?"
        except (OSError, subprocess.SubprocessError):
            out["newsboat"] = "?"
    return out


def run_part(name: str, ctx: Context) -> Section:
    """One part, timed; any exception becomes the part's error (printed with its traceback) and the run goes on."""
    print(f"== {name}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"tests.bench.{name}")
        section: Section = module.run(ctx)
    except Exception as exc:  # noqa: BLE001 (one part's failure must not stop the others)
        traceback.print_exc()
        section = Section(name, name, error=f"{exc.__class__.__name__}: {exc}")
    section.seconds = time.perf_counter() - started
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes: check that the suite works")
    parser.add_argument(
        "--json", default="bench-results.json", metavar="FILE", help="where to write the figures"
    )
    parser.add_argument("--only", default="", help=f"comma-separated parts to run ({', '.join(PARTS)})")
    parser.add_argument("--runs", type=int, default=3, help="runs of whole commands (full mode)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (its path is printed)")
    args = parser.parse_args(argv)
    chosen = [p.strip() for p in args.only.split(",") if p.strip()] or list(PARTS)
    unknown = set(chosen) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    work = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    ctx = Context(quick=args.quick, work=work, runs=max(1, args.runs))
    # The full run compares with newsboat; the quick smoke test never installs anything.
    installed = "" if args.quick or not {"refresh", "startup"} & set(chosen) else install_newsboat(ctx.log)
    meta = {
        "command": "python -m tests.bench" + (" --quick" if args.quick else ""),
        "quick": args.quick,
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "cpus": os.cpu_count(),
        "load_average_start": load_average(),
        "versions": _tool_versions(),
        "newsboat_install": installed,
    }
    started = time.perf_counter()
    sections: list[Section] = []
    try:
        for name in chosen:
            sections.append(run_part(name, ctx))
    finally:
        if args.keep:
            print(f"scratch folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    meta["duration_s"] = round(time.perf_counter() - started, 1)
    meta["load_average_end"] = load_average()
    print(table(sections, args.quick))
    print(
        f"\n{meta['duration_s']} s; load average {meta['load_average_start']} at start, "
        f"{meta['load_average_end']} at the end ({meta['cpus']} cores)"
        + ("; --quick: small sizes, budgets not judged" if args.quick else "")
    )
    out = {"meta": meta, "sections": {s.name: s.to_dict() for s in sections}}
    path = Path(args.json)
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {path}")
    return 1 if any(s.error for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main())
