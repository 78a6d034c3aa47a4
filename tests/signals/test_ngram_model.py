"""The character n-gram model: trained only on development data, reproducible from its training script, and its
fast scoring (cached word and pair sums) equal to the model's definition (a logistic regression over features)."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tragac.signals.evaluate import CATEGORIES
from tragac.text.ngram_model import NgramModel, features, shipped_model
from tragac.text.normalize import normalized_text

TOOL = Path(__file__).parents[2] / "tools" / "train_text_model.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_text_model", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_held_out_set_is_never_trained_on(data_dir: Path) -> None:
    tool = _tool()
    assert (data_dir / tool.HELD_OUT).is_file() and tool.HELD_OUT not in tool.TRAINING_SETS
    name = tool.HELD_OUT.removeprefix("text_eval_").removesuffix(".jsonl")
    assert not any(name in trained for trained in shipped_model().trained_on)
    held_out = {json.loads(line)["text"] for line in (data_dir / tool.HELD_OUT).read_text().splitlines()}
    assert not held_out & {text for text, _ in tool.recall_sentences()}


def test_the_recall_tests_sentences_are_read_with_their_labels() -> None:
    rows = _tool().recall_sentences()
    assert len(rows) > 200 and {c for _, ls in rows for c in ls} <= set(CATEGORIES)
    assert sum(1 for _, ls in rows if not ls) > 70  # the look-alike negatives


def test_few_false_leads_on_the_half_of_a_real_chat_never_trained_on(shared_fixtures: Path) -> None:
    # ordinary English chat between developers (other people's real export): the model's own leads, as a share
    from tragac.signals.analyzer import TextAnalyzer

    _, unseen = _tool().real_chat_halves()
    analyzer = TextAnalyzer(opt_in=["ngram_model"])
    leads = [t for t, found in zip(unseen, analyzer.analyze_many(unseen), strict=True) if any(
        f.rule == "model.ngram" for f in found)]  # fmt: skip
    assert len(unseen) > 900 and len(leads) <= len(unseen) // 100, leads


def test_the_shipped_model_is_what_the_training_script_writes() -> None:
    tool = _tool()
    again = tool.build()
    shipped = shipped_model()
    assert again.categories == shipped.categories and again.trained_on == shipped.trained_on
    # Float sums may round differently on another CPU's vector units; the weights agree far below what moves a score.
    np.testing.assert_allclose(again.weights, shipped.weights, atol=1e-4)
    np.testing.assert_allclose(again.bias, shipped.bias, atol=1e-4)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeijklmnoprstuvzšćčžđ ABC0123456789?!🔥", max_size=60))
def test_fast_scores_equal_the_model_definition(raw: str) -> None:
    model = shipped_model()
    text = normalized_text(raw)
    fast = model.logits(text)
    buckets = features(text)
    for i, z in enumerate(fast):
        direct = float(model.bias[i]) + float(model.weights[i, buckets].astype(np.float64).sum())
        assert math.isclose(z, direct, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="abcdeijklmnoprstuvzšćčž 🔥.", max_size=40), max_size=12))
def test_batch_scores_equal_one_message_scores(raws: list[str]) -> None:
    # a fresh model (empty caches) too: the first batch may hold no word at all
    for model in (
        shipped_model(),
        NgramModel(shipped_model().categories, shipped_model().weights, shipped_model().bias),
    ):
        texts = [normalized_text(r) for r in raws]
        batch = model.max_logits(texts)
        assert batch.shape == (len(texts),)
        for z, text in zip(batch.tolist(), texts, strict=True):
            assert math.isclose(z, max(model.logits(text)), rel_tol=1e-9, abs_tol=1e-9)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = shipped_model()
    model.save(tmp_path / "m.npz")
    back = NgramModel.load(tmp_path / "m.npz")
    assert back.categories == model.categories and back.trained_on == model.trained_on
    text = normalized_text("ima li ko njene slike")
    assert back.scores(text) == model.scores(text)


# --- the detector, through the analyzer and the product -----------------------------------------------------------

MISSED = "e lepotice, koliko za tvoje fotkice bez kupaćeg, šalji u inbox"
SPACED = "ko ima snimak onog p-a-r-a iz Novog Sada"  # a letter-spaced word no rule reads; the model does
PLAIN = ["dobro jutro svima", "vidimo se u 18h kod fontane", "ko ide sutra na utakmicu?"]


def test_the_product_runs_the_model_unless_told_not_to() -> None:
    from tragac.config import Settings
    from tragac.signals.analyzer import TextAnalyzer
    from tragac.signals.setup import opted_in

    assert opted_in(Settings()) == ("ngram_model",)  # the text_model setting is on by default
    assert opted_in(Settings(text_model=False)) == () and opted_in(Settings(), model=False) == ()
    assert [d.name for d in TextAnalyzer().supplements] == []  # a library user names it
    assert [d.name for d in TextAnalyzer(opt_in=["ngram_model"]).supplements] == ["ngram_model"]


def test_the_models_signal_of_minors_is_a_possible_minor() -> None:
    from tragac.signals.analyzer import TextAnalyzer

    # a phrasing no rule reads as one; the flag is routed as every csam_signal flag is (policy), and says so itself
    [f] = TextAnalyzer(opt_in=["ngram_model"]).analyze("tražim mlade, što mlađe to bolje")
    assert (f.category, f.rule, f.possible_minor) == ("csam_signal", "model.ngram", True)


def test_the_model_reports_only_what_the_rules_did_not() -> None:
    from tragac.signals.analyzer import TextAnalyzer

    rules, both = TextAnalyzer(), TextAnalyzer(opt_in=["ngram_model"])
    texts = [*PLAIN, MISSED, "ti si obična glupača i svi to znaju", "ima neko njene privatne? dajem svoje"]
    for text in texts:
        by_rules = rules.analyze(text)
        added = both.analyze(text)[len(by_rules) :]
        assert both.analyze(text)[: len(by_rules)] == by_rules  # the rules' findings first, unchanged
        assert not {f.category for f in added} & {f.category for f in by_rules}
        for f in added:
            assert f.rule == "model.ngram" and f.subtype == "model" and "n-gram model score" in f.why
            assert f.spans and all(text[s:e] in f.why for s, e in f.spans)  # the words shown are the text's own
    assert both.analyze_many(texts) == [both.analyze(t) for t in texts]
    assert all(both.analyze(t) == [] for t in PLAIN)


def test_batches_with_a_watch_list_ask_the_model_as_one_message_does(data_dir: Path) -> None:
    # a watch list turns the batch gates off; the model's batch scoring must still answer as analyze does
    from tragac.signals.analyzer import TextAnalyzer
    from tragac.text.watch import WatchList

    analyzer = TextAnalyzer(watch=WatchList.load(data_dir / "text_eval_watch.json"), opt_in=["ngram_model"])
    texts = [json.loads(line)["text"] for line in (data_dir / "text_eval_dev2.jsonl").read_text().splitlines()]
    texts += [MISSED, SPACED, *PLAIN, MISSED]
    found = analyzer.analyze_many(texts)
    assert found == [analyzer.analyze(t) for t in texts]
    assert any(f.rule == "model.ngram" for fs in found for f in fs)


@pytest.mark.parametrize("model", [False, True])
def test_a_model_lead_reaches_the_review_queue_from_an_export(model: bool, tmp_path: Path) -> None:
    # The product's path: an export ingested and every stage run, with the text_model setting on or off.
    from policy.helpers import Post, ingest_and_run, write_export
    from tragac.config import Settings
    from tragac.store import open_store
    from tragac.store.models import Flag

    store = open_store(Settings(home=tmp_path / "home", text_model=model))
    try:
        ingest_and_run(store, write_export(tmp_path / "export", [Post(1, SPACED), Post(2, "dobro jutro svima")]))
        with store.session() as s:
            flags = [(f.category, f.rule, f.why) for f in s.scalars(select(Flag).where(Flag.message_id.is_not(None)))]
    finally:
        store.close()
    if not model:
        assert flags == []
    else:
        [(category, rule, why)] = flags
        assert (category, rule) == ("ncii_solicitation", "model.ngram")
        # the explanation names the message's own words (which ones depends on the trained weights)
        words = why.split("words that raised it: ")[1].split(", ")
        assert words and all(w in normalized_text(SPACED) for w in words)
