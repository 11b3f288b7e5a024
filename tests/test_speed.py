"""What the speed work must not change: lazy imports, and the same results by the faster roads.

No wall-clock assertions: these check that the fast paths give what the plain ones give
(``benchmarks/bench_extraction.py`` measures the time).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from greatgame.kb.sql import Connection, inline, placeholders

SRC = Path(__file__).resolve().parent.parent / "src"

TEXTS = [
    "Kazakh President Kassym-Jomart Tokayev met Xi Jinping in Astana on 3 July 2024. \"We will build the "
    "railway,\" he said. Trade rose 20% to $41 billion.\n\nThe talks ended. Russia didn't object; gonna "
    "be fine, let's see.",
    "Uzbekistan signed a $1.2 billion loan with the Asian Development Bank on Tuesday.\n\n"
    "Officials said the money would fund 300 km of roads. Tajikistan and Kyrgyzstan agreed a ceasefire.",
    "The EU's Global Gateway pledged €10 billion. It ain't over: Turkmenistan ships gas to China.",
]


def _modules_after(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code + "\nimport json, sys; print(json.dumps(sorted(sys.modules)))"],
                         env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                         check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_greatgame_loads_no_language_model_nor_pandas():
    loaded = _modules_after("import greatgame")
    assert not {"spacy", "thinc", "pandas", "dateparser", "dask", "distributed"} & loaded


def test_cli_starts_without_the_language_model():
    loaded = _modules_after("import greatgame.cli")
    assert not {"spacy", "thinc", "pandas", "dask"} & loaded


ONE_COMMAND = [["ingest", "--help"], ["ingest"], ["ingest", "--bogus"], ["ingest", "{tmp}/absent.txt", "--db", "{db}"],
               ["ingest", "{tmp}/small.txt", "--db", "{db}"], ["summary", "--db", "{db}"], ["summary", "--db", "{db}",
               "--format", "json"], ["show", "small.txt", "--db", "{db}"], ["export"], ["docs", "--db", "{tmp}/no.duckdb"],
               ["simulate", "--help"], ["serve", "--help"], ["followed", "--help"], ["import-parquet", "--help"]]


def test_the_root_app_with_one_command_runs_it_as_the_full_app(tmp_path):
    from typer.testing import CliRunner

    from greatgame.cli import app, only_command

    (tmp_path / "small.txt").write_text("Kazakhstan and China signed a $2 billion loan in Astana on 3 July 2024.\n")
    runner = CliRunner()
    for args in ONE_COMMAND:
        outputs = []
        for side, root in (("full", lambda a: app), ("one", only_command)):
            argv = [a.format(tmp=tmp_path, db=tmp_path / f"{side}.duckdb") for a in args]
            result = runner.invoke(root(argv), argv)
            outputs.append((result.exit_code, result.output.replace(f"{side}.duckdb", "kb.duckdb")))
        assert outputs[0] == outputs[1], args
    for args in ([], ["--help"], ["data", "--help"], ["models"], ["ingst", "x"], ["-q", "ingest"]):
        assert only_command(args) is None      # the full app answers: sub-apps, misspellings, root options


def test_cli_ingest_of_a_file_imports_no_web_client_and_from_the_cache_no_yaml(tmp_path):
    (tmp_path / "a.txt").write_text("Kazakhstan signed a loan.\n")
    code = ("import json, sys\nfrom greatgame.cli import main\n"
            f"sys.argv = ['greatgame', 'ingest', {str(tmp_path / 'a.txt')!r}, '--db', sys.argv[1], '--quiet']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)))")
    env = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "GREATGAME_CACHE": str(tmp_path / "cache")}
    runs = []
    for db in ("first.duckdb", "second.duckdb"):      # the first fills the YAML cache, the second reads it
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / db)], env=env, capture_output=True,
                             text=True, check=True)
        runs.append(set(json.loads(out.stdout.strip().splitlines()[-1])))
    for loaded in runs:
        assert "greatgame.ingest.loop" in loaded
        assert not {"greatgame.documents.fetch", "http.client", "ssl", "urllib.request"} & loaded
    assert "yaml" in runs[0] and "yaml" not in runs[1]


def test_storing_a_document_does_not_import_pandas(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text(TEXTS[0], encoding="utf-8")
    loaded = _modules_after(f"import greatgame\nkb = greatgame.open({str(tmp_path / 'kb.duckdb')!r})\n"
                            f"greatgame.ingest(kb, [{str(doc)!r}])\nkb.search('railway')\nkb.close()")
    assert "spacy" in loaded and "pandas" not in loaded


# ------------------------------------------------------------------ values written into statements

HOSTILE = ["", "a'b", "''", "\\", "a\\'b", "x\x00y", "\x00", "'\x00'", "?", "'; DROP TABLE t; --", "é漢字🙂",
           "line\nbreak\r\t", "/* c */ -- d", '"q"', "$1", "E'\\''"]
VALUES = HOSTILE + [0, 1, -1, 2**62, 2**63 - 1, -2**63, 1.5, 0.1, -0.0, 1e-300, 1e300, float("inf"),
                    float("-inf"), True, False, None, ["a", "b'c"], [], [1, 2], [[1], [2, 3]], [None, "x\x00"]]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_a_value_written_in_is_the_value_bound(value):
    raw = duckdb.connect()
    sql = "SELECT ?, typeof(?), ? IS NULL"
    assert inline(sql, [value] * 3) is not None
    assert repr(Connection(raw).execute(sql, [value] * 3).fetchall()) == repr(raw.execute(sql, [value] * 3).fetchall())


def test_values_stored_and_compared_as_bound(tmp_path):
    con = Connection(duckdb.connect(str(tmp_path / "x.duckdb")))
    con.execute("CREATE TABLE t (s TEXT, i INTEGER, d DOUBLE, b BOOLEAN, j JSON, l TEXT[])")
    rows = [(s, n, n / 3, n % 2 == 0, json.dumps({"s": s}), [s, "x"]) for n, s in enumerate(HOSTILE)]
    con.execute("INSERT INTO t VALUES " + ", ".join(["(?, ?, ?, ?, ?, ?)"] * len(rows)), [v for r in rows for v in r])
    assert con.execute("SELECT * FROM t ORDER BY i").fetchall() == [
        (s, n, d, b, j, l) for s, n, d, b, j, l in rows]
    for s in HOSTILE:
        assert con.execute("SELECT count(*) FROM t WHERE s = ? AND list_contains(?, s)", [s, [s]]).fetchone() == (1,)


def test_placeholders_outside_quotes_and_comments():
    sql = "SELECT '?', \"a?\" , ? -- ?\n, /* ? */ ?, 'it''s ?', ?"
    assert [sql[i] for i in placeholders(sql)] == ["?", "?", "?"]
    assert len(placeholders(sql)) == 3


def test_other_values_are_bound_by_duckdb():
    import datetime as dt

    assert inline("SELECT ?", [dt.date(2024, 1, 2)]) is None
    assert inline("SELECT ?", [b"\x00"]) is None
    assert inline("SELECT ?", ["\ud800"]) is None          # not valid Unicode
    assert inline("SELECT ?, ?", [1]) is None              # placeholders and values do not match
    con = Connection(duckdb.connect())
    assert con.execute("SELECT ?", [dt.date(2024, 1, 2)]).fetchone() == (dt.date(2024, 1, 2),)


# ------------------------------------------------------------------ the language model's faster roads

@pytest.fixture(scope="module")
def nlp():
    from greatgame.extract.pipeline import nlp

    return nlp()


def _tokens(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.ent_id_,
             t.is_sent_start) for t in doc]


def test_attribute_ruler_sets_what_spacys_sets(nlp):
    import spacy

    from greatgame.extract.attribute_ruler import FastAttributeRuler

    from greatgame.extract.pipeline import model_name

    plain = spacy.load(model_name())
    assert type(nlp.get_pipe("attribute_ruler")) is FastAttributeRuler
    assert nlp.get_pipe("attribute_ruler")._plan is not False      # the installed patterns are all evaluated
    for text in TEXTS:
        ours = nlp(text, disable=["greatgame_gazetteer", "greatgame_linker"])
        theirs = plain(text)
        assert _tokens(ours) == _tokens(theirs)


def test_attribute_ruler_forms_no_pattern_names_are_one_kind(nlp):
    """Forms the patterns name, forms their regexes test ("n't", "nothin'", "y'") and forms they never name,
    in the same tags, each set what spaCy's ruler sets, however many kinds were seen before."""
    import spacy

    from greatgame.extract.pipeline import model_name

    plain = spacy.load(model_name())
    text = ("I don't know nothin' about it, y' know? Ain't that so, y'all? We can't; they won't; she wouldn't. "
            "Nuthin' was said, and nothing was done: the ministers didn't sign, the envoys hadn't come. "
            "Y' see, NOT ONE ministry DIDN'T object; Zhyrgalbek and Qurbonali met the Wunderkinds' envoys.")
    for sample in (text, text.lower(), text.upper()):
        ours = nlp(sample, disable=["greatgame_gazetteer", "greatgame_linker"])
        assert _tokens(ours) == _tokens(plain(sample))


def test_annotated_chunks_joined_on_the_part_are_the_doc_from_docs_makes(nlp):
    from spacy.tokens import Doc

    from greatgame.extract import pipeline

    for text in TEXTS + ["“We signed it,” he said.\n\nThe minister (MFA) left. 3.5 km of road; $41bn.\n  Next."]:
        doc, spans = pipeline._chunk_docs(nlp, text)
        chunks = pipeline._statistical(nlp, pipeline._chunks(nlp, doc, spans))
        made = Doc.from_docs(chunks, ensure_whitespace=False)
        joined = pipeline._joined(doc, chunks)
        assert joined is doc          # the tokens the chunks were cut from, annotated
        assert joined.to_bytes() == made.to_bytes() and _tokens(joined) == _tokens(made)
        assert [(e.start, e.end, e.label_) for e in joined.ents] == [(e.start, e.end, e.label_) for e in made.ents]
        assert [(s.start, s.end) for s in joined.sents] == [(s.start, s.end) for s in made.sents]


def test_lemmatizer_sets_what_spacys_sets(nlp):
    import spacy

    from greatgame.extract.lemmatizer import FastLemmatizer
    from greatgame.extract.pipeline import model_name

    plain = spacy.load(model_name())
    fast = nlp.get_pipe("lemmatizer")
    assert type(fast) is FastLemmatizer and type(plain.get_pipe("lemmatizer")) is not FastLemmatizer
    words = ("The ministers were meeting; she has met them, and they'd signed the better deals sooner. "
             "Leaves fell as the leaves' owners left. Feet, geese, mice and oxen went faster than crises. "
             "Tajikistan's Rahmon isn't going, but Kazakhs are. Running, ran, runs: 3.5 km, 20% and $41bn.")
    for text in TEXTS + [words, words.upper(), words.lower()]:
        theirs = plain(text)
        ours = plain.make_doc(text)
        for name, proc in plain.pipeline:       # spaCy's own components, its lemmatizer replaced by ours
            ours = (fast if name == "lemmatizer" else proc)(ours)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
        assert ours.to_bytes() == theirs.to_bytes()
    assert fast(plain.make_doc("")).text == ""


def test_gazetteer_patterns_need_only_the_tokenizer(nlp):
    ruler = nlp.get_pipe("greatgame_gazetteer")
    assert len(ruler) > 1000
    ruler(nlp.make_doc(TEXTS[0]))
    assert ruler.phrase_patterns
    for label, patterns in list(ruler.phrase_patterns.items())[:200]:
        for pattern in patterns:
            assert [t.text for t in pattern] == [t.text for t in nlp.make_doc(pattern.text)]


def test_gazetteer_adding_patterns_as_texts_need_them_finds_what_spacys_ruler_finds(nlp):
    from spacy.pipeline import EntityRuler

    from greatgame.extract.entities import gazetteer_patterns
    from greatgame.extract.gazetteer import LazyEntityRuler
    from greatgame.ontology import load

    patterns = gazetteer_patterns(load())
    eager = EntityRuler(nlp, name="eager", phrase_matcher_attr="ORTH", overwrite_ents=True)
    with nlp.select_pipes(disable=nlp.pipe_names):
        eager.add_patterns(patterns)
    lazy = LazyEntityRuler(nlp, name="lazy", phrase_matcher_attr="ORTH", overwrite_ents=True)
    lazy.defer_patterns(patterns)
    assert len(lazy) == len(eager) == len(patterns) and not lazy.phrase_patterns
    names = [p["pattern"] for p in patterns]
    texts = TEXTS + ["", "  ", "x", ". ".join(names), " ".join(names), "\n".join(n.upper() for n in names),
                     "\n".join(n[1:] + "  " + n for n in names[::-1]), "The Kazakh\u00a0President met NATO's "
                     "Secretary General and the U.S. envoy in Samarkand;Tashkent"]
    for text in texts:
        doc = nlp.make_doc(text)
        assert lazy.match(doc) == eager.match(doc)
    assert sum(len(p) for p in lazy.phrase_patterns.values()) == len(patterns)     # all added by now


def test_documents_prepared_together_extract_as_alone(nlp, monkeypatch):
    from greatgame.documents.model import Document
    from greatgame.extract import pipeline

    docs = [Document(id=f"d{i}.txt", text=t, source=f"d{i}.txt", format="text", published="2024-07-05")
            for i, t in enumerate(TEXTS)]

    def extracted():
        return [repr((r.mentions, r.entities, r.roles, r.events, r.quotes, r.figures, r.dates, r.stances))
                for r in map(pipeline.extract, docs)]

    pipeline.clear_cache()
    alone = extracted()
    pipeline.clear_cache()
    assert pipeline.prepare(docs) > 0
    annotated_again = []
    statistical = pipeline._statistical
    monkeypatch.setattr(pipeline, "_statistical", lambda nlp, docs, *a: annotated_again.extend(docs) or
                        statistical(nlp, docs, *a))
    try:
        together = extracted()
    finally:
        pipeline.forget_prepared()
    assert together == alone
    assert not annotated_again          # every sentence was taken from the window's batch


def test_ingest_windows_extract_as_one_by_one(tmp_path, monkeypatch):
    import greatgame
    from greatgame.ingest import loop

    for i, text in enumerate(TEXTS):
        (tmp_path / f"d{i}.txt").write_text(text, encoding="utf-8")

    def stored(window: int) -> list:
        monkeypatch.setattr(loop, "WINDOW_DOCUMENTS", window)
        from greatgame.extract import pipeline

        pipeline.clear_cache()
        kb = greatgame.open(tmp_path / f"kb{window}.duckdb")
        report = greatgame.ingest(kb, [tmp_path])
        rows = [kb.con.execute(f"SELECT * EXCLUDE (doc_id) FROM {t} ORDER BY ALL").fetchall()
                for t in ("mentions", "events", "quotes", "figures", "dates", "roles")]
        kb.close()
        return [report.added, rows]

    assert stored(64) == stored(1)


# ------------------------------------------------------------------ a signal in the middle of a query

@pytest.mark.parametrize("signum, expected", [(2, KeyboardInterrupt), (15, SystemExit)])
def test_a_signal_during_a_query_ends_the_ingest_as_the_signal_says(signum, expected):
    import os
    import threading

    from greatgame.ingest import children

    con = Connection(duckdb.connect())
    threading.Timer(0.5, os.kill, args=(os.getpid(), signum)).start()
    try:
        with pytest.raises(expected) as caught:
            with children.ending_on_signals():
                con.execute("SELECT count(*) FROM range(10000000000) a, range(10) b WHERE a.range % ? = 7", [13])
    finally:
        con.interrupt()      # DuckDB goes on with an interrupted query in the background until told
        con.close()
    if expected is SystemExit:
        assert caught.value.code == 128 + signum


# ------------------------------------------------------------------ start-up: spaCy without its command line

def test_extraction_imports_spacy_without_its_command_line():
    loaded = _modules_after("import greatgame.extract.pipeline as p\nassert p.nlp()('Astana').text == 'Astana'")
    assert "spacy" in loaded and not {m for m in loaded if m.startswith("spacy.cli")}
    code = ("import sys, greatgame.extract.pipeline, spacy, spacy.cli\n"
            "from spacy.cli.download import download\n"
            "assert spacy.cli.info.__module__ == 'spacy.cli.info' and callable(download)\n"
            "assert type(sys.modules['spacy.cli.info']).__name__ == 'module'\n"
            "assert spacy.info.__module__ == 'greatgame.extract.spacy_import'\n"
            "print(sorted(spacy.info(silent=True)))")
    out = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
                         capture_output=True, text=True, check=True)
    assert "spacy_version" in out.stdout


def test_entry_point_groups_remembered_are_what_importlib_metadata_selects():
    import importlib.metadata

    import catalogue

    from greatgame.extract import spacy_import

    spacy_import.import_spacy()
    seen = catalogue.AVAILABLE_ENTRY_POINTS
    assert isinstance(seen, spacy_import._GroupsSeen)
    installed = importlib.metadata.entry_points()
    groups = set(installed.groups) | {"spacy_factories", "srsly_msgpack_decoders", "no_such"}
    for group in sorted(groups):
        for _ in range(2):      # asked for, then remembered
            got = seen.select(group=group)
            assert type(got) is type(installed.select(group=group))
            assert [(e.name, e.value, e.group) for e in got] == \
                   [(e.name, e.value, e.group) for e in installed.select(group=group)]
    assert seen.select(group="spacy_factories") is not seen.select(group="spacy_factories")
    assert list(seen.select(name="no-such-name")) == []     # any other selection goes to importlib.metadata
    spacy_import._remember_entry_point_groups()             # once only
    assert catalogue.AVAILABLE_ENTRY_POINTS is seen


# ------------------------------------------------------------------ start-up: the YAML files' cache

SHIPPED_YAML = [("greatgame.ontology", "data", name) for name in
                ("states.yaml", "organizations.yaml", "people.yaml", "projects.yaml")] + \
               [("greatgame.extract", "data", name) for name in ("events.yaml", "dates.yaml", "units.yaml")]


@pytest.mark.parametrize("where", SHIPPED_YAML, ids=lambda w: w[-1])
def test_shipped_yaml_read_from_the_cache_is_what_yaml_reads(where, tmp_path, monkeypatch):
    from importlib import resources

    import yaml

    from greatgame.ontology.cache import SAFE_LOADER, cache_folder, load_yaml, same

    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path))
    text = resources.files(where[0]).joinpath(*where[1:]).read_text("utf-8")
    parsed = yaml.load(text, Loader=SAFE_LOADER)
    assert same(load_yaml(text), parsed)
    assert len(list(cache_folder().iterdir())) == 1          # kept (these files hold what JSON holds)
    monkeypatch.setattr(yaml, "load", lambda *a, **k: pytest.fail("parsed again"))
    assert same(load_yaml(text), parsed)


def test_yaml_cache_keeps_only_what_json_holds_exactly(tmp_path, monkeypatch):
    import datetime as dt

    from greatgame.ontology.cache import cache_folder, load_yaml, same

    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path))
    assert same({"a": [1, 2.5, True, None, "x"]}, {"a": [1, 2.5, True, None, "x"]})
    assert not same({"a": 1}, {"a": True}) and not same({"a": 1, "b": 2}, {"b": 2, "a": 1})
    assert not same([1.0], [1]) and not same({"a": "1"}, {"a": 1})
    kept = {"d": dt.date(2024, 7, 3), "n": [1, 1.5, True, None], "s": "é 漢字", "z": {"b": 1, "a": 2}}
    text = "d: 2024-07-03\nn: [1, 1.5, true, null]\ns: é 漢字\nz: {b: 1, a: 2}\n"
    assert same(load_yaml(text), kept) and same(load_yaml(text), kept)
    assert len(list(cache_folder().iterdir())) == 1
    for other, value in [("2024-07-03: a\n", {dt.date(2024, 7, 3): "a"}), ("1: a\n", {1: "a"}),
                         ("t: 2024-07-03 10:00:00\n", {"t": dt.datetime(2024, 7, 3, 10)}),
                         ("s: !!set {a: null}\n", {"s": {"a"}}), ("x: .nan\n", None),
                         ("d: {$date: '2024-07-03'}\n", {"d": {"$date": "2024-07-03"}})]:
        got = load_yaml(other)
        assert got["x"] != got["x"] if value is None else same(got, value)
        assert same(load_yaml(other), got) or value is None
    assert len(list(cache_folder().iterdir())) == 1          # none of those was kept


def test_yaml_cache_that_fails_changes_nothing_but_the_time(tmp_path, monkeypatch):
    import yaml

    from greatgame.ontology.cache import cache_folder, load_yaml

    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path / "c"))
    assert load_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    [kept] = cache_folder().iterdir()
    kept.write_text('{"a": [1, ', encoding="utf-8")          # cut short
    assert load_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    assert load_yaml("b: 3\n") == {"b": 3}
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path / "file"))  # a file where the folder would be
    assert load_yaml("a: [1, 2]\n") == {"a": [1, 2]}
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: [1, 2\n")
    assert not list(tmp_path.glob("c/yaml/*.part"))


# ------------------------------------------------------------------ start-up: the grammars' compiled regexes

def _grammar_sources(monkeypatch) -> list[list[tuple[str, int]]]:
    """The (pattern, flags) the date and figure grammars compile, family by family."""
    from greatgame.extract import dates, quantities, regex_cache

    asked: list[list[tuple[str, int]]] = []

    def spy(sources):
        asked.append(list(sources))
        return regex_cache.compile_all(sources)

    for module, build in ((dates, dates._patterns), (quantities, quantities.patterns)):
        monkeypatch.setattr(module, "compile_all", spy)
        build.cache_clear()
        build()
        build.cache_clear()
    return asked


def test_regexes_from_the_cache_are_what_re_compiles(tmp_path, monkeypatch):
    import re

    from greatgame.extract.regex_cache import cache_folder, compile_all

    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path / "c"))
    families = _grammar_sources(monkeypatch)
    assert len(families) == 2 and sum(len(f) for f in families) > 40
    kept = sorted(cache_folder().iterdir())
    assert len(kept) == 2
    for sources in families:
        re.purge()
        expected = [re.compile(p, f) for p, f in sources]
        for _ in range(2):          # from the file the grammars' first compiling wrote
            got = compile_all(sources)
            assert got == expected and [g.groupindex for g in got] == [e.groupindex for e in expected]
            assert all(g is not e for g, e in zip(got, expected))
    assert sorted(cache_folder().iterdir()) == kept
    for path in kept:               # damaged: compiled again (and written again), the same patterns
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    for sources in families:
        assert compile_all(sources) == [re.compile(p, f) for p, f in sources]
    for sources in families:
        re.purge()
        assert compile_all(sources) == [re.compile(p, f) for p, f in sources]
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv("GREATGAME_CACHE", str(tmp_path / "file"))  # a file where the folder would be
    assert compile_all(families[0]) == [re.compile(p, f) for p, f in families[0]]
    assert not list(tmp_path.glob("c/regex/*.part"))


def test_grammar_regexes_are_the_same_text_in_every_process():
    code = ("from greatgame.extract import dates, quantities\n"
            "p, q = dates._patterns(), quantities.patterns()\n"
            "print(repr([x.pattern for _, x in p.scan] + [p.future.pattern, q.figure.pattern, q.month_after.pattern]))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(outs) == 1       # one cache file for every process, whatever the hash seed


# ------------------------------------------------------------------ start-up: a new knowledge base's schema

def _schema(con) -> list:
    return con.execute("SELECT table_name, column_name, data_type, column_default, is_nullable "
                       "FROM information_schema.columns WHERE table_schema = 'main' ORDER BY ALL").fetchall() + \
        con.execute("SELECT table_name, index_name, sql FROM duckdb_indexes() ORDER BY ALL").fetchall() + \
        con.execute("SELECT version, description FROM schema_version ORDER BY version").fetchall()


def test_new_knowledge_base_schema_in_one_transaction_is_the_one_by_one_schema(tmp_path, monkeypatch):
    from greatgame.errors import KnowledgeBaseError
    from greatgame.kb import migrations

    shipped = migrations.available()
    new = duckdb.connect(str(tmp_path / "new.duckdb"))
    assert migrations.migrate(new) == shipped[-1][0]
    stepwise = duckdb.connect(str(tmp_path / "old.duckdb"))     # at version 1 first: then one by one
    monkeypatch.setattr(migrations, "available", lambda: shipped[:1])
    assert migrations.migrate(stepwise) == 1
    monkeypatch.setattr(migrations, "available", lambda: shipped)
    assert migrations.migrate(stepwise) == shipped[-1][0]
    assert _schema(new) == _schema(stepwise) and len(_schema(new)) > 50

    broken = shipped + [(shipped[-1][0] + 1, "broken", "CREATE TABLE documents (x INTEGER);")]
    monkeypatch.setattr(migrations, "available", lambda: broken)
    fresh = duckdb.connect(str(tmp_path / "fresh.duckdb"))
    with pytest.raises(KnowledgeBaseError, match=f"migration {broken[-1][0]:04d} \\(broken\\) failed"):
        migrations.migrate(fresh)
    assert migrations.current_version(fresh) == 0     # nothing of it kept
    assert fresh.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'").fetchone() \
        == (0,)
    with pytest.raises(KnowledgeBaseError, match="broken"):
        migrations.migrate(new)                       # an existing one: the migrations before stay applied
    assert migrations.current_version(new) == shipped[-1][0]


# ------------------------------------------------------------------ many rows at once: columns as JSON lists

def test_rows_inserted_as_json_columns_are_the_rows_bound(tmp_path):
    import math

    from greatgame.kb.sql import insert_rows, json_column

    raw = duckdb.connect(str(tmp_path / "x.duckdb"))
    con = Connection(raw)
    ddl = "(s TEXT, i INTEGER, b BIGINT, d DOUBLE, f BOOLEAN, j JSON, n TEXT)"
    con.execute(f"CREATE TABLE ours {ddl}")
    con.execute(f"CREATE TABLE bound {ddl}")
    floats = [v for v in VALUES if type(v) is float and math.isfinite(v)]
    ints = [v for v in VALUES if type(v) is int]
    rows = [(s, k - 8, ints[k % len(ints)], floats[k % len(floats)], k % 3 == 0, json.dumps({"s": s}), None)
            for k, s in enumerate(HOSTILE * 3)]
    rows += [(None, None, None, None, None, None, None)]
    cols = ("s", "i", "b", "d", "f", "j", "n")
    assert all(json_column([r[k] for r in rows]) is not None for k in range(len(cols)))
    insert_rows(con, "ours", cols, rows)
    raw.executemany("INSERT INTO bound VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    ours = con.execute("SELECT * FROM ours").fetchall()
    assert repr(ours) == repr(raw.execute("SELECT * FROM bound").fetchall())
    assert [tuple(r) for r in ours] == [tuple(r) for r in rows]      # in their order


@pytest.mark.parametrize("column, kind", [([1, 1.5], "DOUBLE"), ([float("nan")], "DOUBLE"),
                                          ([float("-inf")], "DOUBLE"), (["a", 1], "TEXT"), ([2**63], None),
                                          (["\ud800"], None), ([b"x"], None), ([[1, 2]], None)], ids=repr)
def test_columns_json_cannot_hold_exactly_go_in_as_before(column, kind):
    from greatgame.kb.sql import insert_rows, json_column

    assert json_column(column) is None
    if kind is None:                # values the rows' path hands to DuckDB to bind: declining them is enough
        return
    raw = duckdb.connect()
    con = Connection(raw)
    con.execute(f"CREATE TABLE ours (k INTEGER, v {kind})")
    con.execute(f"CREATE TABLE bound (k INTEGER, v {kind})")
    rows = list(enumerate(column))
    insert_rows(con, "ours", ("k", "v"), rows)
    raw.executemany("INSERT INTO bound VALUES (?, ?)", rows)
    assert repr(con.execute("SELECT * FROM ours").fetchall()) == repr(raw.execute("SELECT * FROM bound").fetchall())


def test_tokenizer_loaded_from_the_files_is_spacys(nlp):
    import spacy

    from greatgame.extract.pipeline import model_name

    plain = spacy.load(model_name())
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "greatgame.TokenizerFromDisk.v1"
    assert nlp.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    assert nlp.tokenizer.rules and nlp.tokenizer.rules == plain.tokenizer.rules
    for text in TEXTS + ["U.S.-led talks, e.g. at 3:30p.m. in N.Y.; don't ... https://x.org/a?b=1 :-) 10km"]:
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in plain.make_doc(text)]


def _decoded_both_ways(nlp, texts, batch_size):
    """Chunks of ``texts`` through every component but the linker: once with each component's own ``pipe``,
    once with the parser and NER decoded by ``extract.decoding``."""
    from greatgame.extract import decoding, pipeline

    made = []
    for text in texts:
        doc, spans = pipeline._chunk_docs(nlp, text)
        made.extend(c.text for c in pipeline._chunks(nlp, doc, spans))
    made.append("")                                                  # an empty chunk decodes to nothing
    theirs = [nlp.make_doc(t) for t in made]
    ours = [nlp.make_doc(t) for t in made]
    driven = []
    for name, proc in nlp.pipeline:
        if name == "greatgame_linker":
            continue
        theirs = list(proc.pipe(theirs, batch_size=batch_size))
        if decoding.drivable(proc):
            driven.append(name)
            ours = list(decoding.pipe(proc, ours, batch_size=batch_size))
        else:
            ours = list(proc.pipe(ours, batch_size=batch_size))
    return driven, ours, theirs


@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_parser_and_ner_decoded_step_by_step_annotate_as_their_own_pipe(nlp, batch_size):
    extra = ["The Shanghai Cooperation Organisation met in Bishkek; Gazprom and the EU's Global Gateway did not. "
             "Mr. Japarov, Kyrgyzstan's president, told RIA Novosti on 5 May 2023 that \"nothing was agreed.\"",
             "Kazakhstan Kazakhstan Kazakhstan. " * 12 + "Astana", "!!!", "A\n\nB\n\n\nC."]
    driven, ours, theirs = _decoded_both_ways(nlp, TEXTS + extra, batch_size)
    from greatgame.extract import decoding

    assert driven == (["parser", "ner"] if decoding.hooked() else [])
    assert [d.to_bytes() for d in ours] == [d.to_bytes() for d in theirs]
    assert [_tokens(d) for d in ours] == [_tokens(d) for d in theirs]


@pytest.mark.shared
def test_parser_and_ner_decoded_step_by_step_annotate_the_seeds_as_their_own_pipe(nlp, shared):
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus" / "seeds").iterdir())
             if p.suffix in {".txt", ".md"}]
    assert texts
    _, ours, theirs = _decoded_both_ways(nlp, texts, 256)
    assert [d.to_bytes() for d in ours] == [d.to_bytes() for d in theirs]


def test_a_component_decoding_cannot_drive_keeps_its_own_pipe(nlp):
    from greatgame.extract import decoding

    assert not decoding.drivable(nlp.get_pipe("tagger")) and not decoding.drivable(object())
    tagger = nlp.get_pipe("tagger")
    docs = [nlp.make_doc(t) for t in TEXTS]
    assert [d.to_bytes() for d in decoding.pipe(tagger, docs)] == \
        [d.to_bytes() for d in tagger.pipe([nlp.make_doc(t) for t in TEXTS])]


def test_decoding_drives_only_a_loop_compiled_with_profiling_hooks(nlp, monkeypatch):
    from greatgame.extract import decoding

    monkeypatch.setattr(decoding, "hooked", lambda: False)
    assert not decoding.drivable(nlp.get_pipe("ner"))
    docs = [nlp.make_doc(t) for t in TEXTS]
    assert len(list(decoding.pipe(nlp.get_pipe("ner"), docs))) == len(TEXTS)
