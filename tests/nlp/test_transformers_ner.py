"""The optional transformers NER backend, on tiny models built here (nothing is downloaded)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from core.errors import UserError  # noqa: E402
from nlp.backends.transformers_ner import TransformersNer  # noqa: E402

LABELS = ["O", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-PER", "I-PER"]
WORDS = ["nvidia", "huawei", "smic", "washington", "beijing", "ships", "the", "chip", "to", "china", "and",
         "said", "ascend", "h20", "bans", "exports", "of", "a", "new", "."]
PIECES = ["##chips", "##s", "##20"]


def build_model(folder, favoured_label: str | None = None, seed: int = 0):
    """A one-layer BERT token classifier; `favoured_label` makes every token get that label."""
    folder.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(seed)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *PIECES]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    tokenizer.model_max_length = 512
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=32, max_position_embeddings=64,
                                     id2label=dict(enumerate(LABELS)), label2id={k: i for i, k in enumerate(LABELS)})
    model = transformers.BertForTokenClassification(config)
    if favoured_label:
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.fill_(-10.0)
            model.classifier.bias[LABELS.index(favoured_label)] = 10.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def texts_of(text: str, spans) -> list[str]:
    return [text[s.start:s.end] for s in spans]


def test_sub_word_pieces_align_to_whole_words(tmp_path):
    ner = TransformersNer(build_model(tmp_path, "B-ORG"))
    text = "Nvidia   ships nvidiachips to China."
    spans = ner.spans([text])[0]
    assert texts_of(text, spans) == ["Nvidia", "ships", "nvidiachips", "to", "China", "."]
    assert {s.label for s in spans} == {"ORG"} and all(s.score > 0.99 for s in spans)


def test_long_text_windows_join_into_one_continuous_entity(tmp_path):
    ner = TransformersNer(build_model(tmp_path, "I-ORG"), max_tokens=24, stride=6)
    text = " ".join(["Huawei ships the Ascend chip to Beijing ."] * 40)
    spans = ner.spans([text])[0]
    assert len(spans) == 1
    assert (spans[0].start, spans[0].end) == (0, len(text))


def test_outside_label_gives_no_spans(tmp_path):
    ner = TransformersNer(build_model(tmp_path, "O"))
    assert ner.spans(["Washington bans exports of the H20 to China.", ""]) == [[], []]


def test_batches_give_the_same_spans_as_single_texts(tmp_path):
    ner = TransformersNer(build_model(tmp_path, seed=3), batch_size=2, max_tokens=16, stride=4)
    texts = ["Nvidia said the H20 ships to China.", "SMIC and Huawei said a new Ascend chip ships.",
             " ".join(["Washington bans exports of the H20 ."] * 12), "Beijing"]
    together = ner.spans(texts)
    alone = [ner.spans([t])[0] for t in texts]
    assert [[(s.start, s.end, s.label) for s in spans] for spans in together] == \
           [[(s.start, s.end, s.label) for s in spans] for spans in alone]
    for text, spans in zip(texts, together, strict=True):
        assert all(0 <= s.start < s.end <= len(text) and text[s.start:s.end].strip() for s in spans)


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(UserError, match="not a local model folder"):
        TransformersNer(tmp_path)


def test_model_spans_feed_candidates_and_veto_person_authorities(tmp_path):
    from nlp.extract import Extractor

    text = "Washington bans exports of the H20 to China, said Zorblat Dynamics."
    plain = Extractor().extract(text, lang="en", published="2025-04-16")
    assert any(e["type"] == "AUTHORITY" for e in plain["entities"])
    orgs = Extractor(ner_model=str(build_model(tmp_path / "org", "B-ORG"))).extract(text, lang="en")
    assert "Zorblat" in {c["name"] for c in orgs["candidates"]}  # a name the knowledge base does not know
    people = Extractor(ner_model=str(build_model(tmp_path / "per", "B-PER"))).extract(text, lang="en")
    assert not any(e["type"] == "AUTHORITY" for e in people["entities"])  # `Washington` the person
