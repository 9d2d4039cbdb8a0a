"""`python -m crawler.demo`: serve the demo press until Ctrl-C and print where each outlet lives."""

from __future__ import annotations

import argparse
import threading
from collections.abc import Sequence

from crawler.demo.server import DemoPress


def main(argv: Sequence[str] | None = None) -> int:
    """Start the press, print each outlet's URLs, wait for Ctrl-C; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo",
        description="Serve the bundled offline demo press (fictional French, English and Chinese outlets) "
        "on 127.0.0.1, one free port per outlet, until Ctrl-C. Prints each outlet's homepage, feeds, "
        "sitemaps and section pages so you can browse or curl them.",
    )
    parser.parse_args(argv)
    with DemoPress() as press:
        for source in press.sources:
            entry = source["feeds"] + source["sitemaps"] + source["start_urls"]
            print(f"{source['name']:<24} {source['lang']}  {source['homepage']}  {' '.join(entry)}")
        print(f"{len(press.expected)} articles in {len(press.sources)} outlets; Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
