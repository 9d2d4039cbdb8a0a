"""A jieba-based tokenizer for `spacy.blank("zh")`: segments folded Simplified text, keeps original offsets."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import jieba
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.sentences import MATCH_TEXT
from nlp.textnorm import fold_chinese

POS_TAGS = "chipwatch_pos_tags"  # doc.user_data key: the (word, jieba POS flag) pairs of the tokens

jieba.setLogLevel(logging.WARNING)
COMMON_WORD = 500  # a dictionary word this frequent across a name's edge means the name sits inside a word


class JiebaTokenizer:
    """Tokens are slices of the input text; `token.norm_` holds the folded, lower-cased form. One jieba pass
    (part-of-speech segmentation, no HMM) gives both the tokens and their tags (`doc.user_data[POS_TAGS]`).

    Segmentation runs on NFKC-folded Simplified text (`Ｈ２０` segments like `H20`, `產業` like `产业`), kept as
    the doc's match text (`nlp.sentences.doc_text`), and every extra word passed in (KB surfaces) is added
    to jieba's dictionary so it stays one token.
    """

    def __init__(self, vocab: Vocab, words: Iterable[str] = ()) -> None:
        self.vocab = vocab
        self.jieba = jieba.Tokenizer()
        self._pos = None
        self.added: set[str] = set()
        for word in words:
            folded = fold_chinese(word)
            if any("\u4e00" <= c <= "\u9fff" for c in folded):
                self.jieba.add_word(folded, freq=200000)
                self.added.add(folded)

    def embedded(self, text: str, start: int, end: int) -> bool:
        """Whether `text[start:end]` (folded text) lies inside a common word: a dictionary word of two or three
        characters takes one of its edge characters and one from beside it (`三星` in `三星期`: `星期`)."""
        if not self.jieba.initialized:
            self.jieba.initialize()
        for outside in (1, 2):
            for inside in range(1, min(end - start, 3 - outside + 1)):
                before = text[start - outside:start + inside] if start >= outside else ""
                after = text[end - inside:end + outside] if end + outside <= len(text) else ""
                for word in (before, after):
                    if len(word) == outside + inside and word not in self.added \
                            and self.jieba.FREQ.get(word, 0) >= COMMON_WORD:
                        return True
        return False

    def __call__(self, text: str) -> Doc:
        folded = fold_chinese(text)
        tagged = self.pos_tags(folded) if text else []
        words, spaces, norms = [], [], []
        start = 0
        for piece, _ in tagged:
            end = start + len(piece)
            word = text[start:end]
            start = end
            if word.isspace() and words and not spaces[-1] and word == " ":
                spaces[-1] = True
                continue
            words.append(word)
            spaces.append(False)
            norms.append(folded[end - len(piece):end].lower())
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, norm in zip(doc, norms, strict=True):
            token.norm_ = norm
        doc.user_data[MATCH_TEXT] = folded
        doc.user_data[POS_TAGS] = tagged
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        """Tokenize several texts (the `Tokenizer.pipe` interface)."""
        for text in texts:
            yield self(text)

    def pos_tags(self, folded: str) -> list[tuple[str, str]]:
        """(word, jieba POS flag) pairs of folded text, in order: the tokens, and the tags that find
        organisation names (`nt`)."""
        if self._pos is None:
            self._pos = _tagger(self.jieba)
        return [(w.word, w.flag) for w in self._pos.cut(folded, HMM=False)]


def _tagger(words: jieba.Tokenizer) -> Any:
    """jieba's part-of-speech tokenizer over `words`, with the tag table `jieba.posseg` read at its import
    (its constructor would read the 350,000-line table again: about 0.5 s)."""
    import jieba.posseg  # reads the tag table: only Chinese documents pay for it

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.tokenizer = words
    tagger.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
    return tagger
