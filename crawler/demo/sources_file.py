"""The demo press as a sources file: serve it, write its sources YAML, keep its ports across runs."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from crawler.demo.server import DemoPress

DEMO_CRAWL_OPTIONS = {"download_timeout": 10}


@contextmanager
def serve_demo_sources(anchor: str | Path) -> Iterator[str]:
    """Serve the demo press while the block runs and yield the path of a sources file describing it.

    The ports are remembered in `<anchor>.demo-ports.json` and asked for again next time, so the
    article URLs stay the same and an incremental crawl finds them already stored.
    """
    ports_file = Path(f"{anchor}.demo-ports.json")
    with DemoPress(preferred_ports=_read_ports(ports_file)) as press, tempfile.TemporaryDirectory() as tmp:
        ports_file.parent.mkdir(parents=True, exist_ok=True)
        ports_file.write_text(json.dumps(press.ports, indent=1, sort_keys=True), encoding="utf-8")
        sources_file = Path(tmp) / "demo-sources.yaml"
        document = {"crawl": DEMO_CRAWL_OPTIONS, "sources": press.sources}
        sources_file.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        print(f"demo press: {len(press.sources)} outlets, {len(press.expected)} articles on 127.0.0.1",
              file=sys.stderr, flush=True)
        yield str(sources_file)


def _read_ports(path: Path) -> dict[str, int]:
    try:
        return {str(k): int(v) for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError):
        return {}
