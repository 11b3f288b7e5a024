"""The extraction steps as a registry: their order, its checks, and a step added from outside."""
from __future__ import annotations

import pytest

from greatgame.documents.model import Document
from greatgame.errors import ExtractionError, ExtractionStepError, GreatgameError, LanguageModelMissing, LexiconError
from greatgame.extract import Event, Quote, extract, extraction_step, registry
from greatgame.extract.context import DocumentContext
from greatgame.extract.lexicon import alternation, casefolded, load_data, lowered

ORDER = load_data("steps.yaml")


@pytest.fixture
def order(monkeypatch):
    """Run the steps in a given order (``set(part=[...], document=[...])``) for the rest of the test."""
    def set_order(**sections):
        monkeypatch.setattr(registry, "load_data", lambda name: sections)
        registry.steps.cache_clear()
        return registry.steps()

    yield set_order
    registry.steps.cache_clear()


def test_steps_run_in_the_order_of_the_data_file():
    plan = registry.steps()
    assert [s.name for s in plan.part] == ORDER["part"]
    assert [s.name for s in plan.document] == ORDER["document"]
    assert set(registry.registered()) == set(ORDER["part"]) | set(ORDER["document"])
    assert all(s.scope == "part" for s in plan.part) and all(s.scope == "document" for s in plan.document)


@pytest.mark.parametrize("sections, reason", [
    ({"part": ["mentions", "nonesuch"]}, "no extraction step is registered as 'nonesuch'"),
    ({"part": ["mentions", "mentions"]}, "listed twice"),
    ({"part": ["mentions"], "document": ["roles"]}, "is a part step, listed under document"),
    ({"part": ["mentions", "events", "dates"]}, "'events' runs after dates"),
    ({"parts": ["mentions"]}, "unknown sections"),
])
def test_a_wrong_order_is_refused(order, sections, reason):
    with pytest.raises(ExtractionStepError, match=reason):
        order(**sections)


def test_a_step_registered_twice_is_refused():
    def mentions(ctx, part):   # another function under a taken name
        pass

    with pytest.raises(ExtractionStepError, match="registered twice"):
        extraction_step("mentions")(mentions)


def test_a_new_step_is_one_function_and_its_name(order):
    seen: list[int] = []

    @extraction_step("test_count_events", scope="document", after="events")
    def count(ctx: DocumentContext) -> None:
        seen.append(len(ctx.result.events))

    try:
        order(part=ORDER["part"], document=[*ORDER["document"], "test_count_events"])
        doc = Document(id="t.txt", text="Kazakhstan signed an agreement with China on Tuesday.\n", source="t.txt",
                       format="text", published="2024-03-15")
        result = extract(doc)
        assert seen == [len(result.events)] and seen[0] >= 1
    finally:
        registry._REGISTRY.pop("test_count_events", None)


def test_a_step_left_out_does_not_run(order):
    doc = Document(id="t.txt", text="“We will build the road,” Kazakh President Kassym-Jomart Tokayev said.\n",
                   source="t.txt", format="text", published="2024-03-15")
    assert extract(doc).quotes
    order(part=[s for s in ORDER["part"] if s != "quotes"], document=ORDER["document"])
    assert extract(doc).quotes == []


def test_events_and_quotes_are_typed():
    doc = Document(id="t.txt", text="Kazakhstan signed an agreement with China on Tuesday, "
                   "Kazakh President Kassym-Jomart Tokayev said.\n", source="t.txt", format="text",
                   published="2024-03-15")
    result = extract(doc)
    assert result.events and all(isinstance(e, Event) for e in result.events)
    assert all(isinstance(q, Quote) for q in result.quotes)


def test_extraction_errors():
    assert issubclass(LexiconError, ExtractionError) and issubclass(LexiconError, ValueError)
    assert issubclass(LanguageModelMissing, ExtractionError) and issubclass(ExtractionError, GreatgameError)
    assert issubclass(ExtractionStepError, ExtractionError)


def test_lexicon_helpers():
    assert lowered("  Out  of\t") == "out of" and casefolded("STRASSE") == casefolded("Straße")
    assert alternation(["a b c", "ab"]) == r"(?:a\ b\ c|ab)"
    assert alternation(["a b", "c"], space=r"\s+", word_end=True) == r"(?:a\s+b\b|c\b)"
