"""The bundled offline demo press: fictional French, English and Chinese outlets served on 127.0.0.1.

`DemoPress` starts one HTTP server per outlet and tells what a polite crawl of them must store.
"""

from crawler.demo.server import DemoPress
from crawler.demo.sources_file import serve_demo_sources

__all__ = ["DemoPress", "serve_demo_sources"]
