"""A Hugging Face token-classification model, from a local folder, as a source of character-offset spans.

Long texts are cut into overlapping windows of sub-word tokens; each token keeps the label predicted in
the window where it sits farthest from an edge; sub-word pieces of one word share the word's entity.
Runs on the GPU when one is present. Nothing is ever downloaded: the folder must hold the model and a
fast tokenizer (offsets are needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.errors import UserError


@dataclass(frozen=True)
class NerSpan:
    """One entity found by the model: character offsets into the input text and a label without B-/I-."""

    start: int
    end: int
    label: str
    score: float


class TransformersNer:
    """Batches texts through a token-classification model and returns merged entity spans per text."""

    def __init__(self, path: str | Path, *, device: str | None = None, batch_size: int = 8,
                 max_tokens: int | None = None, stride: int = 32) -> None:
        folder = check_model_folder(path)
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer

        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        if not self.tokenizer.is_fast:
            raise UserError(f"{folder}: the tokenizer must be a fast tokenizer (tokenizer.json) to give offsets")
        self.model = AutoModelForTokenClassification.from_pretrained(folder, local_files_only=True)
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.model.to(self.device).eval()
        self.labels = self.model.config.id2label
        limit = self.tokenizer.model_max_length if self.tokenizer.model_max_length < 100_000 else 512
        self.max_tokens = min(max_tokens or limit, limit)
        self.stride = min(stride, self.max_tokens // 4)
        self.batch_size = batch_size

    def spans(self, texts: list[str]) -> list[list[NerSpan]]:
        """Entity spans of each text, in text order."""
        if not texts:
            return []
        encoded = self.tokenizer(texts, truncation=True, max_length=self.max_tokens, stride=self.stride,
                                 return_overflowing_tokens=True, return_offsets_mapping=True, padding=True,
                                 return_tensors="pt")
        owners = encoded.pop("overflow_to_sample_mapping").tolist()
        offsets = encoded.pop("offset_mapping").tolist()
        word_ids = [encoded.word_ids(i) for i in range(len(owners))]
        probabilities = self._predict(encoded)
        best: list[dict[tuple[int, int], tuple[int, str, float, int | None]]] = [{} for _ in texts]
        for window, owner in enumerate(owners):
            window_tokens = [i for i, w in enumerate(word_ids[window]) if w is not None]
            for rank, token in enumerate(window_tokens):
                start, end = offsets[window][token]
                if start == end:
                    continue
                margin = min(rank, len(window_tokens) - 1 - rank)
                score, label_id = probabilities[window][token].max(dim=-1)
                kept = best[owner].get((start, end))
                if kept is None or margin > kept[0]:
                    best[owner][(start, end)] = (margin, self.labels[int(label_id)], float(score),
                                                 word_ids[window][token])
        return [_merge(tokens) for tokens in best]

    def _predict(self, encoded) -> list:
        rows = []
        with self.torch.no_grad():
            for first in range(0, encoded["input_ids"].shape[0], self.batch_size):
                batch = {k: v[first:first + self.batch_size].to(self.device) for k, v in encoded.items()}
                rows.extend(self.model(**batch).logits.softmax(dim=-1).cpu())
        return rows


def check_model_folder(path: str | Path) -> Path:
    """The model folder, after checking the optional extra is installed and the folder holds a model."""
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        raise UserError("the transformers backend needs the optional extra: pip install 'chipwatch[transformers]'"
                        ) from None
    folder = Path(path)
    if not (folder / "config.json").is_file():
        raise UserError(f"{folder}: not a local model folder (no config.json); models are never downloaded")
    return folder


def _merge(tokens: dict[tuple[int, int], tuple[int, str, float, int | None]]) -> list[NerSpan]:
    """Join labelled sub-word tokens into entity spans (BIO or plain labels; pieces of one word stay together)."""
    spans: list[NerSpan] = []
    current: list = []  # [start, end, label, scores, last word id]
    for (start, end), (_, raw, score, word) in sorted(tokens.items()):
        prefix, _, label = raw.rpartition("-") if raw[:2] in ("B-", "I-") else ("", "", raw)
        same_word = current and word is not None and word == current[4]
        if label == "O" and not same_word:
            _close(current, spans)
            current = []
            continue
        continues = current and (same_word or (prefix == "I" and label == current[2]))
        if continues:
            current[1], current[4] = end, word
            current[3].append(score)
        else:
            _close(current, spans)
            current = [start, end, label, [score], word]
    _close(current, spans)
    return spans


def _close(current: list, spans: list[NerSpan]) -> None:
    if current:
        spans.append(NerSpan(current[0], current[1], current[2], sum(current[3]) / len(current[3])))
