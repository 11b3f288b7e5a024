"""Correlates of War intergovernmental organisations -> ``igo_membership``."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..registry import Loaded, importer, registry
from .common import decode, frame, layout_columns, number, read_csv, text, year

COW_STATES = ("KAZ", "KGZ", "TJK", "TKM", "UZB", "CHN", "RUS", "USA", "TUR", "IRN", "IND", "JPN", "KOR")


@importer("cow-igo", ("igo_membership",))
def cow_igo(path: Path, data: bytes) -> Loaded:
    """COW IGO (wide, a column per state) -> ``igo_membership`` (long: IGO, year, state).

    Every code is kept as COW writes it: 1 full, 2 associate, 3 observer,
    0 none, -9 missing, -1 state not in the system.
    """
    spec = registry()["cow-igo"]
    text_, enc = decode(path, data)
    df = read_csv(path, text_, layout_columns(spec))
    years = year(path, df, "year")
    ionum = number(path, df, "ionum", integer=True)
    parts = []
    for state in COW_STATES:
        status = number(path, df, state, integer=True, required=True, lo=-9, hi=9, what="membership code")
        parts.append(frame(spec["id"], df, io=text(df["ioname"]), orgname=text(df["orgname"]), year=years,
                           country=state, status=status, ionum=ionum))
    out = pd.concat(parts, ignore_index=True).sort_values(["source_row", "country"], kind="stable")
    return Loaded(len(df), enc, {"igo_membership": out.reset_index(drop=True)})
