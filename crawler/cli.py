"""Subcommands of the crawler package: `crawl`, `demo` (the bundled demo press) and `article` (one page)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_DEMO_OUT = Path("data/demo-articles.jsonl")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the crawler subcommands to the `chipwatch` parser."""
    from crawler import article_command

    crawl = commands.add_parser(
        "crawl", help="crawl the configured sources once into a JSONL article file",
        description="Crawl every source of a sources YAML file once (feeds, sitemaps, section pages) and "
        "append one JSON line per fetched page to OUT. URLs already stored are skipped unless --refetch.")
    crawl.add_argument("--sources", required=True, type=Path, help="sources YAML file (see sources.example.yaml)")
    crawl.add_argument("--out", required=True, type=Path, help="JSONL article file (created or appended to)")
    _common_options(crawl)
    crawl.set_defaults(handler=run_crawl_command)

    demo = commands.add_parser(
        "demo", help="serve the bundled demo press on 127.0.0.1 and crawl it end to end, offline",
        description="Start the bundled demo press (fictional French, English and Chinese outlets) on "
        "127.0.0.1 at a random free port, crawl it like real sources and print a summary.")
    demo.add_argument("--out", type=Path, default=DEFAULT_DEMO_OUT,
                      help=f"JSONL article file (default: {DEFAULT_DEMO_OUT})")
    _common_options(demo)
    demo.set_defaults(handler=run_demo_command)
    article_command.register(commands)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--refetch", action="store_true", help="fetch again URLs that are already stored")
    parser.add_argument("--verbose", action="store_true", help="show Scrapy's own log (INFO level)")
    parser.add_argument("--quiet", action="store_true", help="no per-page progress lines")


def run_crawl_command(args: argparse.Namespace) -> int:
    from crawler.run import run_crawl
    from crawler.sources import load_sources

    config = load_sources(args.sources)
    summary = run_crawl(config, args.out, refetch=args.refetch, verbose=args.verbose, progress=not args.quiet)
    print(summary.render())
    print(f"records appended to {args.out}")
    return 0


def run_demo_command(args: argparse.Namespace) -> int:
    from crawler.demo import DemoPress
    from crawler.run import run_crawl
    from crawler.sources import parse_sources

    ports_file = args.out.with_name(args.out.name + ".ports.json")
    with DemoPress(preferred_ports=_read_ports(ports_file)) as press:
        _write_ports(ports_file, press.ports)
        config = parse_sources({"sources": press.sources, "crawl": {"download_timeout": 10}}, "demo press")
        print(f"demo press: {len(press.sources)} outlets, {len(press.expected)} articles on 127.0.0.1",
              file=sys.stderr)
        summary = run_crawl(config, args.out, refetch=args.refetch, verbose=args.verbose, progress=not args.quiet)
    print(summary.render())
    print(f"records appended to {args.out}")
    return 0


def _read_ports(path: Path) -> dict[str, int]:
    """The demo ports of the previous run, so its article URLs stay the same."""
    try:
        return {str(k): int(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def _write_ports(path: Path, ports: dict[str, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(ports, indent=1, sort_keys=True), encoding="utf-8")
