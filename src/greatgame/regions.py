"""The region and the powers, in one place: codes, display names and colours.

Every layer that lists the five Central Asian states or the competing powers, or
draws them in a colour (web pages, briefings, plots, docs), takes them from here,
so a power has one name and one colour everywhere.
"""
from __future__ import annotations

TARGETS: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
"""The five Central Asian states whose ties are measured (ISO 3166-1 alpha-3)."""

POWERS: tuple[str, ...] = ("CHN", "RUS", "USA", "EU", "TUR", "IRN", "IND", "JPN", "KOR")
"""Every power the index scores, in display order."""

MAIN_POWERS: tuple[str, ...] = POWERS[:5]
"""The powers drawn by default in charts and briefings."""

NAMES: dict[str, str] = {
    "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan", "UZB": "Uzbekistan",
    "CHN": "China", "RUS": "Russia", "USA": "United States", "EU": "European Union", "TUR": "Turkey",
    "IRN": "Iran", "IND": "India", "JPN": "Japan", "KOR": "South Korea", "OTH": "Others",
}

COLOURS: dict[str, str] = {
    "CHN": "#c0392b", "RUS": "#2c3e8f", "USA": "#16a085", "EU": "#f39c12", "TUR": "#8e44ad",
    "IRN": "#27ae60", "IND": "#d35400", "JPN": "#7f8c8d", "KOR": "#2980b9", "OTH": "#95a5a6",
}
"""One colour per power (web, briefings, plots and the generated docs use these)."""


def name(code: str) -> str:
    """Display name of a state or power code (the code itself when unknown)."""
    return NAMES.get(code, code)


def colour(code: str) -> str:
    """Colour of a power (grey when it has none of its own)."""
    return COLOURS.get(code, COLOURS["OTH"])
