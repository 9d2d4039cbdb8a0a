"""`chipwatch doctor`: check a configuration and a warehouse, and say what to do about each problem."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add `doctor` to the `chipwatch` parser."""
    doctor = commands.add_parser(
        "doctor", help="check a sources file, an alerts file and a warehouse, and say what to fix",
        description="Check the configuration and the warehouse: schema version, orphan rows, articles not yet "
        "extracted or that failed extraction, failed fetches by reason, sources whose every fetch failed. "
        "Prints one line per finding with what to do. Exit code 0: healthy; 1: problems found; 2: an input "
        "cannot be used.")
    doctor.add_argument("--sources", metavar="FILE", help="sources YAML file to check")
    doctor.add_argument("--db", metavar="FILE", help="DuckDB warehouse to check (opened read-only)")
    doctor.add_argument("--alerts", metavar="FILE", help="alerts YAML file to check")
    doctor.set_defaults(handler=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    """Print one line per finding; exit code 1 when a problem was found."""
    from flows.doctor import diagnose

    findings = diagnose(args.sources, args.db, args.alerts)
    for finding in findings:
        print(finding)
    problems = sum(f.level == "problem" for f in findings)
    print(f"{problems} problem(s) found" if problems else "healthy")
    return 1 if problems else 0
