"""The dashboard in a real browser: Debian's Chromium driven by Playwright against the app served by uvicorn.

One knowledge base (reference data, facts, seed corpus) and one server for the module; every test saves a
full-page screenshot under test-artifacts/screenshots/. Every page gets a route guard that aborts and records
any request leaving 127.0.0.1, and JavaScript errors and failed responses are collected; the tests fail on them.
Known app bugs, when there are any, are strict xfails (raises=AssertionError) that name the fix: when it lands they XPASS and fail,
so the mark comes off. About 40 s on 2 cores, most of it building the knowledge base.

    .venv/bin/python -m pytest -q tests/test_browser.py
"""
from __future__ import annotations

import json
import os
import re
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest

import browser_support as bs

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:                             # the module is skipped below
    PlaywrightTimeout, expect = Exception, None

REASON = bs.missing()
pytestmark = [pytest.mark.shared, pytest.mark.skipif(REASON is not None, reason=REASON or "")]

TOKEN = "browser-test-token"
TARGETS = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
TIMEOUT_MS = 30_000                            # generous: the machine may be busy


@pytest.fixture(scope="module")
def base_url(shared, tmp_path_factory):
    previous = os.environ.get("GREATGAME_TOKEN")
    os.environ["GREATGAME_TOKEN"] = TOKEN
    try:
        db = bs.build_kb(shared, tmp_path_factory.mktemp("browser") / "kb.duckdb")
        with bs.live_app(db) as url:
            yield url
    finally:
        if previous is None:
            os.environ.pop("GREATGAME_TOKEN", None)
        else:
            os.environ["GREATGAME_TOKEN"] = previous


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Guarded:
    """A page whose requests off 127.0.0.1 are aborted and recorded, and whose JavaScript errors are kept."""

    def __init__(self, context, base_url: str):
        self.base = base_url
        self.external: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("response", self._response)

    def _response(self, response) -> None:
        # the browser's own favicon request is no part of the app (which has none)
        if response.status >= 400 and urlsplit(response.url).path != "/favicon.ico":
            self.errors.append(f"HTTP {response.status} {response.url}")

    def _route(self, route) -> None:
        url = route.request.url
        if bs.is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def goto(self, path: str, **kw):
        return self.page.goto(self.base + path, **kw)


@pytest.fixture(scope="module")
def _guarded(browser, base_url):
    # One page for the module: a fresh page spends ~1.5 s compiling plotly.min.js again, a reused one does not.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Guarded(context, base_url)
    context.close()


@pytest.fixture
def gp(_guarded):
    _guarded.external.clear()
    _guarded.errors.clear()
    yield _guarded
    _guarded.page.goto("about:blank")


def _clean(errors: list[str]) -> list[str]:
    # "Failed to load resource" names no URL: failed responses are recorded with theirs (HTTP ...) instead
    return [e for e in errors if "Failed to load resource: the server responded" not in e]


# Predicates for wait_for_function are written as functions ("() => ..."): Playwright evaluates a bare expression
# with eval when it polls, which the pages' Content-Security-Policy (no 'unsafe-eval') refuses.


def _trace_count(page, div: str) -> int:
    return page.evaluate(f"() => (document.getElementById({json.dumps(div)}).data || []).length")


# ---------------------------------------------------------------- overview

def test_overview_map_and_year_slider(gp):
    page = gp.page
    resp = gp.goto("/")
    assert resp.status == 200
    page.wait_for_selector("#map.js-plotly-plot")       # Plotly puts the class on the div it drew into
    assert _trace_count(page, "map") >= 2                # the grey base layer plus at least one coloured state
    latest = page.locator("#year").get_attribute("max")
    assert page.locator("#year-label").inner_text() == latest       # opens on the latest year with scores

    legends, tables = {}, {}
    slider = page.locator("#year")
    slider.focus()
    first = slider.get_attribute("min")
    page.keyboard.press("Home")                 # a real key press: the browser fires 'input' itself
    page.wait_for_function(f"() => document.getElementById('year-label').textContent === '{first}'")
    legends[int(first)] = page.locator("#legend").inner_text()
    for year in (2008, 2024):
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }",
                        str(year))
        page.wait_for_function(f"() => document.getElementById('year-label').textContent === '{year}'")
        legends[year] = page.locator("#legend").inner_text()
        tables[year] = page.locator("#changes tbody").inner_text()
        assert page.locator("#changes-since").inner_text() == str(year - 1)
    for year, text in legends.items():
        assert re.search(r"\b(KAZ|KGZ|TJK|TKM|UZB): [A-Z]{2,3} \d+%", text), (year, text)
    assert len(set(legends.values())) > 1, f"the legend did not change with the year: {legends}"
    assert tables[2008] != tables[2024], "the biggest-changes table did not follow the slider"
    assert re.search(r"(KAZ|KGZ|TJK|TKM|UZB)\s+[A-Z]{2,3}\s+[+-]\d+\.\d", tables[2008]), tables[2008]
    assert _trace_count(page, "map") >= 2
    # the states are labelled, and the key lists every power the map draws, by name
    labels = page.evaluate("() => document.getElementById('map').data.filter(t => t.name === 'labels')"
                           ".map(t => t.text.join('|')).join('|')")
    for name in ("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"):
        assert name in labels, labels
    drawn = page.evaluate("() => [...new Set(document.getElementById('map').data.filter(t => t.fill === 'toself' "
                          "&& t.fillcolor !== '#e6e6e6').map(t => t.fillcolor))]")
    key = page.locator("#key").inner_text()
    assert len(drawn) == page.locator("#key .swatch:not(.hatched)").count() - 1        # and the grey of no data
    assert "insufficient data" in key
    bs.screenshot(page, "overview")
    # requests off the machine and JavaScript errors on this page: see the "/" case of the offline test


def test_the_year_slider_keeps_the_year_in_the_address(gp):
    page = gp.page
    assert gp.goto("/").status == 200
    page.wait_for_selector("#map.js-plotly-plot")
    assert "year=" not in page.url
    slider = page.locator("#year")
    slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", "2008")
    page.wait_for_function("() => document.getElementById('year-label').textContent === '2008'")
    assert parse_qs(urlsplit(page.url).query)["year"] == ["2008"]            # replaceState: the address follows
    csv_link = page.locator("a[data-year-link='/api/map'][data-format='csv']").get_attribute("href")
    assert "year=2008" in csv_link and "format=csv" in csv_link               # and so do the year's downloads
    page.reload()
    page.wait_for_selector("#map.js-plotly-plot")
    assert page.locator("#year-label").inner_text() == "2008"                # a reload keeps the year
    assert slider.input_value() == "2008"
    assert page.locator("#changes-since").inner_text() == "2007"
    bs.screenshot(page, "overview_2008")
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


def test_the_country_dimension_is_kept_in_the_address(gp):
    page = gp.page
    assert gp.goto("/country/KGZ").status == 200
    page.wait_for_selector("#scores.js-plotly-plot")
    page.select_option("#dim", "security")
    page.wait_for_function("() => new URL(location.href).searchParams.get('dim') === 'security'")
    page.reload()
    page.wait_for_selector("#scores.js-plotly-plot")
    assert page.input_value("#dim") == "security"
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


DOWNLOAD_PAGES = ["/", *(f"/country/{t}" for t in TARGETS), "DOC", "/explorer", "/scenarios", "/search?q=railway",
                  "/docs"]


@pytest.mark.parametrize("path", DOWNLOAD_PAGES)
def test_every_page_has_download_links_that_answer(gp, path):
    page = gp.page
    if path == "DOC":
        docs = page.request.get(f"{gp.base}/api/documents").json()
        path = f"/doc/{quote(docs[0]['id'])}"
    assert gp.goto(path).status == 200
    hrefs = page.eval_on_selector_all(".downloads a", "els => els.map(a => a.href)")
    assert any("format=csv" in h for h in hrefs), (path, hrefs)
    assert any("/api/" in h and "format=" not in h or h.endswith("openapi.json") for h in hrefs), (path, hrefs)
    for href in dict.fromkeys(hrefs):
        resp = page.request.get(href)
        assert resp.status == 200, href
        kind = resp.headers["content-type"]
        assert kind.startswith("text/csv" if "format=csv" in href else "application/json"), (href, kind)
    if path.startswith("/country/"):
        charts = page.locator("#scores").count()
        assert charts == 1 and page.locator("p.source", has_text="data through").count() >= 1


# ---------------------------------------------------------------- country page and evidence

def test_country_chart_and_evidence_link(gp):
    page = gp.page
    resp = gp.goto("/country/KAZ")
    assert resp.status == 200
    page.wait_for_selector("#scores.js-plotly-plot")
    assert _trace_count(page, "scores") >= 3
    composite = page.evaluate("() => document.getElementById('scores').data.map(t => t.y.join(','))")
    page.select_option("#dim", "trade")
    page.wait_for_function("(c) => document.getElementById('scores').data.map(t => t.y.join(',')).join('|') !== c",
                           arg="|".join(composite))
    bs.screenshot(page, "country_KAZ")

    link = page.locator("a.evidence-link").first
    link_text = bs.squash(link.inner_text()).removesuffix("...").strip()
    href = link.get_attribute("href")
    assert link_text and href
    parts = urlsplit(href)
    start, end = (int(x) for x in parse_qs(parts.query)["hl"][0].split("-"))
    doc_id = unquote(parts.path.removeprefix("/doc/"))
    events = page.request.get(f"{gp.base}/api/events?actor=KAZ").json()
    event = next(e for e in events if e["doc"] == doc_id and e["start"] == start and e["end"] == end)
    evidence = bs.squash(event["evidence"])
    assert evidence.startswith(link_text[:60])

    link.click()
    page.wait_for_url(re.compile(r"/doc/.*hl="))
    mark = page.locator("mark#evidence")
    mark.wait_for()
    assert "focus" in (mark.get_attribute("class") or "")
    marked = bs.squash(mark.inner_text())
    assert marked and marked in evidence, (marked, evidence)
    assert link_text[:60] in marked
    expect(mark).to_be_in_viewport()            # the #evidence anchor scrolled it into view
    bs.screenshot(page, "evidence_doc")
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


def test_quote_and_figure_links_also_mark_their_evidence(gp):
    # regression: the followed span used to lose to an event sentence enclosing it, leaving no mark#evidence
    page = gp.page
    assert gp.goto("/country/KAZ").status == 200
    hrefs = page.eval_on_selector_all(
        ".card a[href*='hl=']:not(.evidence-link)", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs, "no quote or figure links on the KAZ page"
    unmarked = [h for h in dict.fromkeys(hrefs)
                if 'id="evidence"' not in page.request.get(gp.base + h.split("#")[0]).text()]
    assert unmarked == [], f"{len(unmarked)} of {len(set(hrefs))} links show no evidence mark: {unmarked[:5]}"


def test_country_chart_labels_its_y_axis(gp):
    # regression: plotly.js 3+ ignores the string shorthand yaxis: {title: "..."}; it needs {title: {text}}
    page = gp.page
    assert gp.goto("/country/KAZ").status == 200
    page.wait_for_selector("#scores.js-plotly-plot")
    assert page.locator("#scores .ytitle").count() == 1
    assert page.locator("#scores .ytitle").text_content() == "score (0-100)"


# ---------------------------------------------------------------- scenarios

def test_scenarios_run_draws_a_fan_chart(gp):
    page = gp.page
    assert gp.goto("/scenarios").status == 200
    # the baseline is drawn before any click, every power with a share
    page.wait_for_function("() => /^Baseline/.test(document.getElementById('status').textContent)", timeout=45_000)
    page.wait_for_selector("#fan.js-plotly-plot")
    first = page.evaluate("() => document.getElementById('fan').data.map(t => t.name || '')")
    assert {"CHN", "RUS", "EU", "OTH"} <= set(first), first
    page.fill("#token", TOKEN)                  # runs need the server's token, as uploads do
    page.select_option("select[name=scenario]", "secondary_sanctions")
    page.fill("input[name=runs]", "200")
    page.click("#run")
    # the status shows the scenario's display name ("Secondary sanctions tighten: 200 runs, seed 0, ...")
    page.wait_for_function("() => / 200 runs/.test(document.getElementById('status').textContent)", timeout=45_000)
    page.wait_for_selector("#fan.js-plotly-plot")
    status = page.locator("#status").inner_text()
    assert status.lower().startswith("secondary sanctions"), status
    traces = page.evaluate("() => document.getElementById('fan').data.map(t => t.name || '')")
    assert len(traces) >= 2
    assert {"CHN", "RUS"} <= set(traces), traces
    assert page.locator("#diff tr").count() >= 2
    assert page.locator("#description").inner_text().strip()
    assert page.locator("#fan .ytitle").text_content() == "share of goods trade, %"
    # no skill over persistence on this data: said plainly, and the scenario drawn as its difference from the baseline
    assert "no skill over persistence" in page.locator("#verdict").inner_text()
    page.wait_for_selector("#difffan.js-plotly-plot")
    assert page.locator("#difffan .ytitle").text_content() == "percentage points of goods trade"
    assert "minus" in page.locator("#difffan .gtitle").text_content()
    bs.screenshot(page, "scenarios")
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


def test_scenario_shocks_can_be_edited(gp):
    page = gp.page
    assert gp.goto(f"/scenarios#token={TOKEN}").status == 200      # the token from the page's address
    assert page.input_value("#token") == TOKEN and "token" not in page.url
    page.select_option("select[name=scenario]", "secondary_sanctions")
    page.wait_for_selector("input[name=shock-0-magnitude]")      # the scenario's shocks, from its file
    assert page.locator("#shocks tbody tr").count() == 3
    assert page.input_value("input[name=shock-0-magnitude]") == "1"
    page.fill("input[name=runs]", "100")

    def run() -> str:
        page.evaluate("document.getElementById('status').textContent = ''")
        page.click("#run")
        page.wait_for_function("() => /runs|error/.test(document.getElementById('status').textContent)", timeout=45_000)
        return page.locator("#status").inner_text()

    assert "(edited)" not in run()
    before = page.locator("#diff").inner_text()
    page.fill("input[name=shock-0-magnitude]", "3")               # much harder sanctions on Russia
    assert "(edited)" in run()
    after = page.locator("#diff").inner_text()
    assert after != before
    page.fill("input[name=shock-0-magnitude]", "300")             # out of range: the file's rules apply
    status = run()
    assert status.startswith("error:") and "shocks[0].magnitude" in status, status
    page.fill("input[name=shock-0-magnitude]", "1")
    page.locator("#shocks tbody tr >> nth=1").locator(".use").uncheck()   # leave the transit risk out
    assert "(edited)" in run()
    bs.screenshot(page, "scenarios_edited")
    # the 422 of the out-of-range run is the answer under test, not a fault of the page
    assert not gp.external and not [e for e in _clean(gp.errors) if "422" not in e], (gp.external, gp.errors)


def test_the_scenarios_page_keeps_its_state_in_the_address(gp):
    page = gp.page
    assert gp.goto(f"/scenarios#token={TOKEN}").status == 200
    page.wait_for_selector("input[name=shock-0-magnitude]")
    assert urlsplit(page.url).query == ""                         # the defaults: nothing to keep
    page.fill("input[name=runs]", "100")
    page.fill("input[name=shock-0-magnitude]", "3")               # an edited shock
    page.wait_for_function("() => new URL(location.href).searchParams.get('s0') !== null")
    page.locator("#shocks tbody tr >> nth=1").locator(".use").uncheck()
    page.select_option("#compare", "ceasefire_2026")
    page.fill("#from", "2005")
    page.locator("#from").dispatch_event("change")
    query = parse_qs(urlsplit(page.url).query)
    assert query["s0"][0].startswith("3_") and query["s1"] == ["off"], query
    assert query["compare"] == ["ceasefire_2026"] and query["from"] == ["2005"] and query["runs"] == ["100"]
    assert "scenario" not in query                                # the default scenario is not repeated
    address = page.url

    page.reload()                                                 # the same view, run again with the tab's token
    page.wait_for_function("() => / 100 runs/.test(document.getElementById('status').textContent)", timeout=45_000)
    assert page.url == address
    assert page.input_value("input[name=shock-0-magnitude]") == "3"
    assert not page.locator("#shocks tbody tr >> nth=1").locator(".use").is_checked()
    assert page.input_value("#compare") == "ceasefire_2026" and page.input_value("#from") == "2005"
    status = page.locator("#status").inner_text()
    assert "(edited)" in status and "ceasefire" in status.lower(), status
    assert page.evaluate("() => document.getElementById('fan').layout.xaxis.range[0]") == 2004.5
    assert "minus" in page.locator("#diff").inner_text()

    # the run's rows download as CSV and JSON, from the links under the chart and the corridors
    hrefs = page.eval_on_selector_all("#outlook-downloads a, #corridors-downloads a", "els => els.map(a => a.href)")
    assert len(hrefs) == 4 and all("/api/runs/" in h for h in hrefs), hrefs
    for href in hrefs:
        resp = page.request.get(href)
        assert resp.status == 200, href
        kind = resp.headers["content-type"]
        assert kind.startswith("text/csv" if "format=csv" in href else "application/json"), (href, kind)
    rows = page.request.get(hrefs[0]).text()
    assert rows.startswith("series,scenario,target,power,year,measure,unit") and "(edited)" in rows
    shocks_csv = page.locator("#shocks-downloads a").first.get_attribute("href")
    assert shocks_csv == "/api/scenarios/secondary_sanctions?format=csv"

    page.select_option("#scenario", "remittances_collapse")      # another scenario: its own shocks, no edits
    page.wait_for_function("() => new URL(location.href).searchParams.get('scenario') === 'remittances_collapse'")
    page.wait_for_function("() => !new URL(location.href).searchParams.has('s1')")
    assert "remittances_collapse" in page.locator("#shocks-downloads a").first.get_attribute("href")
    bs.screenshot(page, "scenarios_permalink")
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


# ---------------------------------------------------------------- offline

PAGES = ["/", *(f"/country/{t}" for t in TARGETS), "DOC", "/explorer", "/scenarios", "/search?q=railway", "/docs"]


@pytest.mark.parametrize("path", [pytest.param("/", id="overview"),
                                  *(pytest.param(p, id=p.strip("/").replace("/", "-").replace("?q=", "-"))
                                    for p in PAGES[1:])])
def test_every_page_is_served_without_leaving_the_machine(gp, path):
    page = gp.page
    if path == "DOC":
        docs = page.request.get(f"{gp.base}/api/documents").json()
        assert docs
        path = f"/doc/{quote(docs[0]['id'])}"
    resp = gp.goto(path)
    try:                                        # give late requests (fetches made by scripts) a chance to show
        page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeout:                   # a busy machine: what was requested so far is still checked
        pass
    name = "offline_" + (re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_")[:40] or "overview")
    bs.screenshot(page, name)
    assert resp is not None and resp.status == 200, (path, resp and resp.status)
    assert gp.external == [], f"{path}: requests that left 127.0.0.1: {gp.external}"
    assert not _clean(gp.errors), (path, gp.errors)
    if path == "/":                             # offline, the map must still draw the five states
        assert page.locator("#map .scatterlayer .trace").count() >= 5


# ---------------------------------------------------------------- upload (last: it changes the knowledge base)

UPLOAD = {"id": "browser-upload-1", "title": "Browser upload test", "published": "2024-05-03",
          "text": "Kazakhstan and China signed a railway agreement in Astana on 3 May 2024. "
                  "The new line will carry freight from Khorgos to the Caspian port of Aktau."}


def test_upload_needs_the_token_and_the_document_shows(gp, monkeypatch):
    page = gp.page
    url = f"{gp.base}/api/documents"
    no_token = page.request.post(url, data=UPLOAD)
    wrong = page.request.post(url, data=UPLOAD, headers={"Authorization": "Bearer not-the-token"})
    assert no_token.status in (401, 403) and wrong.status in (401, 403), (no_token.status, wrong.status)
    with monkeypatch.context() as m:           # no token on the server: writes are off altogether
        m.delenv("GREATGAME_TOKEN")
        off = page.request.post(url, data=UPLOAD, headers={"Authorization": f"Bearer {TOKEN}"})
        assert off.status == 403, off.status
    assert page.request.get(f"{url}/{UPLOAD['id']}").status == 404

    resp = page.request.post(url, data=UPLOAD, headers={"Authorization": f"Bearer {TOKEN}"})
    assert resp.status == 201, resp.text()
    body = resp.json()
    assert body["id"] == UPLOAD["id"] and body["status"] == "added"

    assert gp.goto(f"/doc/{quote(body['id'])}").status == 200
    shown = bs.squash(page.locator("#doc-body").inner_text())
    assert bs.squash(UPLOAD["text"]) in shown
    assert page.locator("h1").inner_text() == UPLOAD["title"]
    bs.screenshot(page, "upload_doc")
    assert not gp.external and not _clean(gp.errors), (gp.external, gp.errors)


# ---------------------------------------------------------------- hostile text

@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    db = bs.build_hostile_kb(tmp_path_factory.mktemp("hostile") / "kb.duckdb")
    with bs.live_app(db) as url:
        yield url


INJECTED = """() => {
  const own = new Set(["/static/plotly.min.js", "/static/overview.js", "/static/country.js", "/static/explorer.js",
                       "/static/scenarios.js"]);
  const scripts = [...document.scripts].filter(s => !(s.type === "application/json" && s.id === "page-data")
                                                    && !own.has(new URL(s.src || "x:", location.href).pathname));
  const handlers = [...document.querySelectorAll("*")].filter(el => [...el.attributes].some(a => /^on/i.test(a.name)));
  const links = [...document.querySelectorAll("a[href], form[action], iframe, object, embed, img")]
    .filter(el => el.tagName !== "A" || /^\\s*javascript:/i.test(el.getAttribute("href")));
  return [...scripts, ...handlers, ...links].map(el => el.outerHTML.slice(0, 120));
}"""


def _visit(g, path: str, dialogs: list[str]) -> int:
    """Open ``path``; its status. Fails on a dialog, an element the payloads would have made, or a script error."""
    resp = g.goto(path)
    try:
        g.page.wait_for_load_state("networkidle", timeout=5_000)
    except PlaywrightTimeout:
        pass
    assert dialogs == [], (path, dialogs)
    injected = g.page.evaluate(INJECTED)
    assert injected == [], (path, injected)
    errors = [e for e in _clean(g.errors) if not e.startswith("HTTP ")]
    assert errors == [], (path, errors)              # no script error, no CSP violation from injected code
    g.errors.clear()
    return resp.status


def test_hostile_text_shows_as_text_and_runs_nothing(browser, hostile_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    g = Guarded(context, hostile_url)
    dialogs: list[str] = []
    g.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        docs = g.page.request.get(f"{hostile_url}/api/documents").json()
        assert len(docs) == 3
        pages = ["/", *(f"/country/{t}" for t in TARGETS), "/explorer", "/scenarios", "/docs", "/search?q=alert",
                 *(f"/doc/{quote(d['id'], safe='')}" for d in docs)]
        for path in pages:
            assert _visit(g, path, dialogs) == 200, path

        # the stored payloads show as the text they are
        by_id = {d["id"]: d for d in bs.hostile_documents()}
        for doc in docs:
            _visit(g, f"/doc/{quote(doc['id'], safe='')}", dialogs)
            assert g.page.locator("h1").inner_text() == doc["title"]
            if doc["id"] in by_id:
                assert bs.squash(by_id[doc["id"]]["text"]) in bs.squash(g.page.locator("#doc-body").inner_text())
        _visit(g, "/country/KAZ", dialogs)
        shown = g.page.locator("main").inner_text()
        assert "\"><img src=x onerror=alert('quote')>" in shown           # the quote
        assert "\"><img src=x onerror=alert('figure')>" in shown          # the figure
        _visit(g, "/search?q=alert", dialogs)
        assert "<script>alert('title')</script>" in g.page.locator("main").inner_text()

        # every filter and parameter, with every payload
        for i, payload in enumerate(bs.PAYLOADS):
            values = {name: payload.format(f"{name}-{i}") for name in ("actor", "type", "context", "since", "until")}
            status = _visit(g, "/explorer?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in values.items()),
                            dialogs)
            if status == 200:
                for name, value in values.items():
                    assert g.page.input_value(f"input[name={name}]") == value
            q = payload.format(f"q-{i}")
            assert _visit(g, f"/search?q={quote(q, safe='')}", dialogs) == 200
            assert g.page.input_value("input[name=q]") == q and q in g.page.locator("main").inner_text()
            for path in (f"/doc/hostile-1?hl={quote(payload.format(i), safe='')}",
                         f"/?year={quote(payload.format(i), safe='')}",
                         f"/country/{quote(payload.format(i), safe='')}",
                         f"/explorer?actor={quote(payload.format(i), safe='')}#{quote(payload.format(i))}"):
                assert _visit(g, path, dialogs) < 500, path
        bs.screenshot(g.page, "hostile_explorer")
        assert not g.external, g.external
    finally:
        context.close()


def test_security_headers_on_pages_and_scripts(gp):
    for path in ("/", "/static/overview.js", "/api/documents"):
        resp = gp.page.request.get(gp.base + path)
        csp = resp.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "'unsafe-eval'" not in csp
        assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
        assert resp.headers["x-content-type-options"] == "nosniff"


def test_a_cross_site_post_is_refused(gp):
    # another site's page posting to the API (the browser says where the request comes from): refused even with
    # the token, before the body is read; from this server's own page the same request is served
    url = f"{gp.base}/api/simulate"
    form = {"scenario": "baseline", "runs": "10", "until": "2027"}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "null"}):
        resp = gp.page.request.post(url, form=form, headers={**auth, **headers})
        assert resp.status == 403 and "cross-site" in resp.json()["detail"], headers
    assert gp.page.request.post(url, form=form, headers={**auth, "Origin": gp.base}).status == 200
