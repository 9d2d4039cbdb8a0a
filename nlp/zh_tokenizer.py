"""A jieba-based tokenizer for `spacy.blank("zh")`: segments folded text, keeps original offsets."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.textnorm import fold

jieba.setLogLevel(logging.WARNING)


class JiebaTokenizer:
    """Tokens are slices of the input text; `token.norm_` holds the folded, lower-cased form.

    Segmentation runs on NFKC-folded text (`Ｈ２０` segments like `H20`), and every extra word
    passed in (KB surfaces) is added to jieba's dictionary so it stays one token.
    """

    def __init__(self, vocab: Vocab, words: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.jieba = jieba.Tokenizer()
        self._pos = None
        for word in words:
            folded = fold(word)
            if any("\u4e00" <= c <= "\u9fff" for c in folded):
                self.jieba.add_word(folded, freq=200000)

    def __call__(self, text: str) -> Doc:
        folded = fold(text)
        pieces = [(start, end) for _, start, end in self.jieba.tokenize(folded)] if text else []
        words, spaces, norms = [], [], []
        for start, end in pieces:
            word = text[start:end]
            if word.isspace() and words and not spaces[-1] and word == " ":
                spaces[-1] = True
                continue
            words.append(word)
            spaces.append(False)
            norms.append(folded[start:end].lower())
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, norm in zip(doc, norms, strict=True):
            token.norm_ = norm
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        """Tokenize several texts (the `Tokenizer.pipe` interface)."""
        for text in texts:
            yield self(text)

    def pos_tags(self, text: str) -> list[tuple[str, str]]:
        """(word, jieba POS flag) pairs, used to discover organisation names (`nt`)."""
        if self._pos is None:
            import jieba.posseg

            self._pos = jieba.posseg.POSTokenizer(self.jieba)
        return [(w.word, w.flag) for w in self._pos.cut(fold(text), HMM=False)]
