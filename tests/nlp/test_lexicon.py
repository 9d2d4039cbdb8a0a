"""The lexicons: one validated object per language, whose every key the rules read."""

from __future__ import annotations

import pytest
import yaml

from core.vocab import LANGS
from nlp import lexicon as lexicon_module
from nlp.kb import load_kb
from nlp.lexicon import lexicon, trigger_regex


@pytest.mark.parametrize("lang", LANGS)
def test_each_lexicon_loads_and_names_known_bodies(lang):
    lex = lexicon(lang)
    bodies = {**lex.leaders, **lex.body_nouns, **lex.implied_bodies}
    known = load_kb().by_id
    assert all(body in known for body in {**lex.leaders, **lex.implied_bodies}.values()), bodies
    assert lex.reaches.status_before > lex.reaches.status_after > 0


@pytest.mark.parametrize(("change", "message"), [
    (lambda raw: raw.update(enactng=raw.pop("enacting")), "en.yaml: enactng: unknown key"),
    (lambda raw: raw.pop("reporting"), "en.yaml: reporting: missing"),
    (lambda raw: raw["status"].update(lifted="lift*"), "en.yaml: status: lifted: expected a list of words"),
    (lambda raw: raw["reaches"].update(negation=-3), "en.yaml: reaches: negation: expected 0 or more"),
    (lambda raw: raw["measures"].update(embargo=["embargo*"]), "en.yaml: measures: expected exactly"),
])
def test_a_faulty_lexicon_names_the_file_and_the_key(tmp_path, monkeypatch, change, message):
    raw = yaml.safe_load((lexicon_module.LEXICON_DIR / "en.yaml").read_text(encoding="utf-8"))
    change(raw)
    (tmp_path / "en.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "LEXICON_DIR", tmp_path)
    lexicon.cache_clear()
    try:
        with pytest.raises(ValueError, match=message):
            lexicon("en")
    finally:
        monkeypatch.undo()
        lexicon.cache_clear()


def test_a_stem_never_matches_a_word_the_lexicon_excludes():
    plans = trigger_regex(["plan*"], "en")
    assert plans.search("Washington plans new curbs") and plans.search("the planned rule")
    assert not plans.search("a memory plant in Xi'an")
