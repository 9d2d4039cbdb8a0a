"""Articles split into sibling blocks (ad slots between chunks): recover the blocks the extractor skipped.

trafilatura keeps the best-scoring container; some layouts cut the body into several containers with the
same tag and class. Once the container of the extracted paragraphs is known, its look-alikes elsewhere in
the page that hold new paragraphs are added in document order.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from crawler.extraction.metadata import normalise

MIN_CHUNK_CHARS = 200
MIN_NEW_SHARE = 0.8  # a look-alike block is added only if this share of its text is not extracted yet
MAX_LEVELS = 3  # look-alikes must share an ancestor at most this many levels above the container


def add_sibling_chunks(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """`paragraphs` completed with the text of same-class blocks of the extracted container."""
    known = {normalise(p) for p in paragraphs}
    container = _container(tree, known)
    if container is None or not container.get("class"):
        return paragraphs
    scope = container
    for _ in range(MAX_LEVELS):
        scope = scope.getparent() if scope.getparent() is not None else scope
    look_alikes = scope.xpath(f".//{container.tag}[@class=$cls]", cls=container.get("class"))
    if len(look_alikes) < 2:
        return paragraphs
    before: list[str] = []
    after: list[str] = []
    seen_container = False
    for block in look_alikes:
        if block is container:
            seen_container = True
            continue
        texts = [" ".join(p.text_content().split()) for p in block.iter("p")]
        texts = [t for t in texts if t]
        total = sum(map(len, texts))
        new = sum(len(t) for t in texts if normalise(t) not in known)
        if total >= MIN_CHUNK_CHARS and new >= MIN_NEW_SHARE * total:
            (after if seen_container else before).extend(texts)
            known.update(normalise(t) for t in texts)
    return before + paragraphs + after


def _container(tree: HtmlElement, known: set[str]) -> HtmlElement | None:
    """The parent element of the first page paragraph that was extracted."""
    for p in tree.iter("p"):
        key = normalise(p.text_content())
        if len(key) > 40 and key in known:
            return p.getparent()
    return None
