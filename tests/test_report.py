"""The analyst briefing: sections, sources, disputed figures, offline HTML, escaping, Markdown and CLI errors."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

import greatgame
from greatgame.cli import app
from greatgame.ingest import ingest
from greatgame.report import ReportError, build, check_since, check_target, render, report_format
from greatgame.report.briefing import amount, md_escape, write_report

pytestmark = pytest.mark.shared

runner = CliRunner()
SECTIONS = ("Influence index", "Timeline of events", "Quotes and figures", "Notable quotes", "Figures",
            "Disputed figures", "Scenario outlook", "Sources")
EVIDENCE = "Xi Jinping launched his"   # a sentence of 000_... (CHN -> KAZ, 2022); a few words, not its text
XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def kb_path(shared, tmp_path_factory):
    """Reference data, cited facts and the seed corpus, closed so the CLI can open it read-only."""
    from greatgame.data import import_reference

    path = tmp_path_factory.mktemp("report") / "kb.duckdb"
    kb = greatgame.open(path)
    import_reference(kb, [shared / "data/reference", shared / "data/facts"])
    assert ingest(kb, [shared / "corpus/seeds"]).ok
    kb.close()
    return path


@pytest.fixture(scope="module")
def html(kb_path):
    out = kb_path.parent / "brief.html"
    result = runner.invoke(app, ["report", "--db", str(kb_path), "--runs", "100", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def md(kb_path):
    out = kb_path.parent / "brief.md"
    result = runner.invoke(app, ["report", "--db", str(kb_path), "--target", "kaz", "--since", "2022-01",
                                 "--runs", "100", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


class Tags(HTMLParser):
    """Every start tag with its attributes (script and style contents are not parsed as markup)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    p = Tags()
    p.feed(text)
    return p.tags


def _section(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i)]


# ------------------------------------------------------------------ HTML
def test_html_has_the_header_and_every_section(html):
    for heading in SECTIONS:
        assert re.search(rf"<h[23][^>]*>{heading}</h[23]>", html), heading
    header = _section(html, "<header", "</header>")
    assert "Central Asia" in header and "Generated" in header and "Period" in header
    for label in ("documents", "events", "quotes", "figures", "datasets"):
        assert f"<dt>{label}</dt>" in header
    assert "<dd>5</dd>" in header                                   # five seed documents


def test_html_influence_tables_for_all_five_targets_and_a_chart(html):
    section = _section(html, '<section id="influence">', "</section>")
    for target in ("KAZ", "KGZ", "TJK", "TKM", "UZB"):
        assert re.search(rf"<caption>[^<]*\({target}\), \d{{4}}</caption>", section), target
    for dim in ("composite", "trade", "finance", "security", "diplomatic"):
        assert f">{dim}</th>" in section
    assert re.search(r'<td class="num[^"]*" title="data of \d{4}, [a-z\' ]+">\d+\.\d \[\d+–\d+\]', section)   # score [80%]
    assert 'id="composite-chart"' in section
    # every score says the year of its data when it is not the table's year, and such cells look different
    year = int(re.search(r"<caption>[^<]*\(KAZ\), (\d{4})</caption>", section).group(1))
    for cls, title, text in re.findall(r'<td class="num( stale)?" title="([^"]*)">([^<]*)</td>', section):
        data_year = int(re.search(r"data of (\d{4})", title).group(1))
        assert bool(cls) == (data_year != year or "nowcast" in title), (cls, title, text)
        assert (f"({data_year}" in text) == (data_year != year), (title, text)
    assert re.search(r"Data through \d{4}", section) and re.search(r'<p class="source">Source: [^<]+; data through '
                                                                    r'\d{4}\.</p>', section)


def test_html_timeline_has_a_known_event_with_its_source(html):
    section = _section(html, '<section id="timeline">', "</section>")
    rows = [r for r in section.split("<tr>") if EVIDENCE in r]     # the sentence holds two acts: 2013, 2022
    row = next(r for r in rows if "SUPPORT" in r)
    assert "CHN → KAZ" in row
    assert re.search(r'href="#src-\d+">\[\d+\]</a>', row)


def test_html_flags_the_disputed_trade_figure_claim_by_claim(html):
    section = _section(html, "<h3>Disputed figures</h3>", "</section>")
    assert "$127 bn" in section and "$94.8 bn" in section        # document 003 vs China customs
    assert "en.orda.kz (China customs)" in html                  # the fact's source is in the list
    assert "110.9" not in section                                # never averaged
    figures = _section(html, "<h3>Figures</h3>", "<h3>Disputed figures</h3>")
    assert 'class="tag disputed"' in figures


def test_html_sources_are_numbered_and_every_citation_resolves(html):
    cited = {int(n) for n in re.findall(r'href="#src-(\d+)"', html)}
    listed = [int(n) for n in re.findall(r'<li id="src-(\d+)"', html)]
    assert listed == list(range(1, len(listed) + 1))
    assert cited and cited <= set(listed)
    sources = _section(html, '<section id="sources">', "</section>")
    assert "Xi Jinping in Kazakhstan" in sources and "2025-06-18" in sources     # a document
    assert "IMF Direction of Trade Statistics" in sources and "Licence" in sources  # a dataset


def test_html_outlook_gives_the_2030_median_and_band(html):
    section = _section(html, '<section id="outlook">', "</section>")
    assert "2030 median" in section and "10–90% band" in section and "100 Monte Carlo runs" in section
    # shares, named as such, never mistaken for the index's 0-100 scores
    assert "share of goods trade, %</caption>" in section and "not the 0–100 scores" in section
    assert re.search(r"<strong>\d+\.\d%</strong>", section)
    assert re.search(r"<p><strong>Skill over persistence not measured[^<]*no skill over persistence", section)


def test_html_is_self_contained_with_plotly_inlined(html):
    import plotly.offline

    assert "Plotly.newPlot" in html
    assert plotly.offline.get_plotlyjs()[:500] in html
    assert html.count(plotly.offline.get_plotlyjs()[:500]) == 1                 # inlined once
    for tag, attrs in _tags(html):
        assert tag != "link", attrs
        for name in ("src", "href"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//")), (tag, attrs)
    outside_scripts = re.sub(r"<script>.*?</script>", "", html, flags=re.S)
    assert 'src="http' not in outside_scripts and 'href="http' not in outside_scripts
    assert "@import" not in outside_scripts and "url(" not in outside_scripts   # no web fonts


def test_document_text_is_escaped(tmp_path):
    doc = tmp_path / "docs" / "note.txt"
    doc.parent.mkdir()
    doc.write_text(f"Kazakhstan and China sign a rail agreement {XSS}\n\n"
                   f"On 3 March 2025 China signed an agreement with Kazakhstan on a new rail link {XSS} near Khorgos.\n"
                   f'"We will build it together {XSS}," said Kassym-Jomart Tokayev, the president of Kazakhstan.\n',
                   encoding="utf-8")
    with greatgame.open(tmp_path / "kb.duckdb") as kb:
        assert ingest(kb, [doc.parent]).ok
        assert any(XSS in e["evidence"] for e in kb.events())       # the raw tag is in the knowledge base
        context = build(kb, runs=20)
        page, text = render(context, "html"), render(context, "md")
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    scripts = [a for t, a in _tags(page) if t == "script"]
    assert len(scripts) <= 2 and not any(scripts)               # plotly.js and the chart, inline only
    assert XSS not in text and not re.search(r"(?<!\\)<script", text)      # Markdown: \<script, no raw HTML
    assert r"\<script\>alert(1)\</script\>" in text


# ------------------------------------------------------------------ Markdown
def test_markdown_has_the_same_sections(md):
    for heading in SECTIONS:
        assert re.search(rf"^#{{2,3}} {heading}$", md, flags=re.M), heading
    assert md.startswith("# Great-power competition in Kazakhstan")
    assert "Kazakhstan (KAZ)" in md and "from 2022-01" in md
    assert "### Composite over time, every power with scores" in md
    assert "| year | CHN | RUS | USA | EU | TUR | IRN | IND | JPN | KOR |" in md        # the tables' powers, all
    assert re.search(r"\*\*Data through \d{4}\.\*\*", md) and re.search(r"Source: .+; data through \d{4}\.", md)
    assert "Plotly" not in md and not re.search(r"(?<!\\)<script", md)


def test_markdown_timeline_is_filtered_by_target_and_since(md):
    section = _section(md, "## Timeline of events", "## Quotes and figures")
    rows = [r for r in section.splitlines() if r.startswith("| 20") or r.startswith("| undated")]
    assert rows
    for r in rows:
        date = r.split("|")[1].strip().rstrip(" †")
        assert date >= "2022-01", r
        assert "KAZ" in r.split("|")[3], r


def test_markdown_disagreement_and_sources(md):
    section = _section(md, "### Disputed figures", "## Scenario outlook")
    assert "$127 bn" in section and "$94.8 bn" in section
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", md)}
    listed = {int(n) for n in re.findall(r"^(\d+)\. \*\*", md, flags=re.M)}
    assert cited and cited <= listed
    outlook = _section(md, "## Scenario outlook", "## Sources")
    assert "| KAZ | CHN |" in outlook and "2030 median" in outlook
    # no backtest on this data: the verdict is said plainly, and scenarios only as differences from the baseline
    assert "no skill over persistence" in outlook and "only as their differences from it" in outlook


def test_key_quotes_are_about_the_target_and_name_their_speakers(kb_path):
    from greatgame.kb.about import country_pattern
    from greatgame.report.briefing import one_line

    with greatgame.open(kb_path, read_only=True) as kb:
        context = build(kb, target="Kazakhstan", runs=10)
        every = kb.quotes()
        r = kb.resolver()
        own = {"KAZ", *r.people_of("KAZ")}
        pattern = country_pattern("KAZ", r)
        about = [q for q in every if q["speaker"] in own or pattern.search(f"{q['evidence']} {q['text']}")]
    rows = context["quotes"]["rows"]
    # said by Kazakhstan or its people, or naming it: the quotes about other states are left out
    assert rows and context["quotes"]["total"] == len(about) < len(every)
    assert {x["text"] for x in rows} <= {one_line(q["text"], 500) for q in about}
    speakers = {x["speaker"] for x in rows}
    assert "Kassym-Jomart Tokayev" in speakers                          # by name, never a raw id
    assert not [s for s in speakers if s.startswith(("person:", "org:"))], speakers


# ------------------------------------------------------------------ options and errors
def test_unknown_target_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "--target", "XXX",
                                 "-o", str(tmp_path / "b.html")])
    assert result.exit_code == 2
    assert "unknown target 'XXX'" in result.output and "KAZ, KGZ, TJK, TKM, UZB" in result.output
    assert not (tmp_path / "b.html").exists()


def test_unknown_format_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["report", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "'.pdf'" in result.output and ".html or .md" in result.output


def test_bad_since_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["report", "--since", "2022-13", "-o", str(tmp_path / "b.md")])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_help():
    result = runner.invoke(app, ["report", "--help"])
    assert result.exit_code == 0 and "Usage" in result.output
    for option in ("--target", "--since", "--runs", "--output"):
        assert option in result.output


def test_option_checks_and_formatting():
    assert report_format("a/brief.HTML") == "html" and report_format("brief.md") == "md"
    with pytest.raises(ReportError):
        report_format("brief")
    assert check_target("uzb") == "UZB" and check_target(None) is None
    assert check_target("Kyrgyzstan") == "KGZ" and check_target("Tokayev") == "KAZ"
    assert check_since("2022") == "2022" and check_since("2022-01-31") == "2022-01-31"
    for bad in ("22", "2022-1", "2022-02-30", "yesterday"):
        with pytest.raises(ReportError):
            check_since(bad)
    assert amount(127e9, "USD") == "$127 bn" and amount(94.8e9, "USD") == "$94.8 bn"
    assert amount(12.5, "percent") == "12.5%" and amount(1500, "troops") == "1,500"
    assert md_escape("a | b <script>") == r"a \| b \<script\>"


def test_an_empty_knowledge_base_gives_insufficient_data_not_zeros(tmp_path):
    import greatgame

    kb = greatgame.open(tmp_path / "empty.duckdb")
    try:
        path = write_report(kb, tmp_path / "b.md", runs=10)
    finally:
        kb.close()
    section = _section(path.read_text(encoding="utf-8"), "## Influence index", "## Timeline")
    assert "Insufficient data" in section and "0.0" not in section
