"""What followed the Withdrawal: violence across Mali, by region and zone, and the humanitarian picture.

Inputs: ``acled_mali_cercle_month`` (ACLED via HDX, aggregates: political-violence
events and reported fatalities per cercle and month; the partial last month is
left out), ``humanitarian_figures`` (fact base: IOM DTM, CMP and UNHCR counts)
and ``fts_appeals`` (OCHA FTS via HDX, US dollars, current). Rate ratios are the
Wagner chapter's (:func:`minusma.analysis.conflict.rate_ratios`: Poisson with
HAC standard errors). Each ``*_key_figures`` function returns its paragraph's
numbers as a key-figure frame (:func:`minusma.analysis.withdrawal.key_frame`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from minusma.analysis import conflict
from minusma.analysis import geography as geo
from minusma.analysis.keys import key, key_frame
from minusma.analysis.prose import ratio_ci_text
from minusma.analysis.withdrawal import and_list

#: The two spans compared after the mission (months ``YYYY-MM``; None: to the last complete month).
SPANS = {"2022–2023": ("2022-01", "2023-12"), "2024 onwards": ("2024-01", None)}

#: The regions the prose names (Kidal, Mopti, Gao, Ménaka).
NAMED_REGIONS = ("ML08", "ML05", "ML07", "ML10")


def region_rates(
    cercle_month: pd.DataFrame, spans: dict[str, tuple[str, str | None]], value: str = "fatalities", by: str = "admin1"
) -> pd.DataFrame:
    """Mean monthly ``value`` per region (``by="admin1"``) or zone (``by="zone"``) in each named span of
    complete months.

    Parameters
    ----------
    cercle_month : pandas.DataFrame
        ``acled_mali_cercle_month`` (``month``, ``admin1``, ``admin1_pcode``, ``value``, ``partial``).
    spans : dict
        Name -> (first month, last month or None for "to the latest complete month"),
        months as ``YYYY-MM``.
    by : str
        ``"admin1"`` (the regions, named as COD-AB and :data:`minusma.analysis.geography.REGIONS` write them) or
        ``"zone"`` (the zones of :mod:`minusma.analysis.geography`).

    Returns
    -------
    pandas.DataFrame
        Index ``by``; one float column per span (mean per month), plus
        ``months_<span>`` (int) columns giving the number of months averaged.
    """
    m = cercle_month[~cercle_month["partial"].astype(bool)]
    if by == "zone":
        m = m.assign(zone=geo.zone_of(m["admin1_pcode"]))
    elif by == "admin1":  # the COD-AB names, with their accents (ACLED writes Segou, Menaka)
        m = m.assign(admin1=m["admin1_pcode"].map(geo.REGIONS))
    out = {}
    for name, (first, last) in spans.items():
        sel = m[m["month"] >= pd.Timestamp(first)]
        if last is not None:
            sel = sel[sel["month"] <= pd.Timestamp(last)]
        n = sel["month"].nunique()
        out[name] = sel.groupby(by)[value].sum() / n
        out[f"months_{name}"] = pd.Series(n, index=out[name].index)
    return pd.DataFrame(out)


@dataclass(frozen=True)
class Violence:
    """Mali's monthly political violence around the mission's end (see :func:`violence_after`).

    Attributes
    ----------
    complete : pandas.DataFrame
        National complete months from ``start``: ``month`` (datetime64), ``events``, ``fatalities`` (int).
    during, after : pandas.Series of bool
        Masks of ``complete``: the mission's last two years (2022-2023), and January 2024 onwards.
    fatalities, events : pandas.Series
        Rate ratio of January 2024 onwards against 2022-2023: ``ratio``, ``low``, ``high`` (95% CI).
    peak_year : int
        Calendar year with the most fatalities since 2012 (complete years only).
    """

    complete: pd.DataFrame
    during: pd.Series
    after: pd.Series
    fatalities: pd.Series
    events: pd.Series
    peak_year: int

    def mean(self, column: str, span: str) -> float:
        """Mean per month of ``column`` over ``span`` (``"during"`` or ``"after"``)."""
        return float(self.complete.loc[getattr(self, span), column].mean())

    @property
    def last_month(self) -> pd.Timestamp:
        """Last complete month."""
        return self.complete["month"].max()


def violence_after(acled: pd.DataFrame, *, start: str = "2021-01") -> Violence:
    """National violence from ``start``, the means of 2022-2023 and of 2024 onwards, and their rate ratios.

    ``acled`` is ``acled_mali_cercle_month``.
    """
    national = conflict.national_monthly(acled, start=start)
    complete = conflict.complete_months(national)
    during = complete["month"].between(pd.Timestamp("2022-01-01"), pd.Timestamp("2023-12-01"))
    after = complete["month"] >= pd.Timestamp("2024-01-01")
    extra = {
        "y2022_2023": national["month"].between(pd.Timestamp("2022-01-01"), pd.Timestamp("2023-12-01")),
        "y2024_on": national["month"] >= pd.Timestamp("2024-01-01"),
    }
    rr = {
        c: conflict.rate_ratios(national, c, reference="y2022_2023", extra=extra).loc["y2024_on"]
        for c in ("fatalities", "events")
    }
    yearly = conflict.complete_months(conflict.national_monthly(acled, start="2012-01"))
    yearly = yearly.assign(year=yearly["month"].dt.year)
    full = yearly.groupby("year").filter(lambda g: len(g) == 12).groupby("year")["fatalities"].sum()
    return Violence(complete, during, after, rr["fatalities"], rr["events"], int(full.idxmax()))


def violence_key_figures(v: Violence, src: dict[str, str]) -> pd.DataFrame:
    """Key figures of "What followed", nationally: means, rate ratios, last month, peak year, months after.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_fat_2022_2023``, ``wd_fat_after``, ``wd_ev_2022_2023``, ``wd_ev_after``
        (float, per month), ``wd_fat_ratio``, ``wd_ev_ratio`` (float, text with the 95% CI),
        ``wd_last_month``, ``wd_peak_year``, ``wd_months_after`` (int).
    """
    a, rows = src["acled"], []
    for col, tag, what in (("fatalities", "fat", "fatalities"), ("events", "ev", "events")):
        for span, suffix, when in (
            ("during", "2022_2023", "2022-2023"),
            ("after", "after", "January 2024 to the last complete month"),
        ):
            m = v.mean(col, span)
            rows.append(
                key(
                    f"wd_{tag}_{suffix}", m, f"political-violence {what} per month in Mali, {when}", a, text=f"{m:,.0f}"
                )
            )
    for tag, r, what in (("fat", v.fatalities, "fatalities"), ("ev", v.events, "events")):
        rows.append(
            key(
                f"wd_{tag}_ratio",
                r["ratio"],
                f"rate ratio of monthly {what}, January 2024 onwards vs 2022-2023 (95% CI)",
                a,
                text=ratio_ci_text(r["ratio"], r["low"], r["high"]),
            )
        )
    return key_frame(
        rows
        + [
            key("wd_last_month", v.last_month.strftime("%B %Y"), "last complete month of ACLED data", a),
            key(
                "wd_peak_year",
                v.peak_year,
                "calendar year with most political-violence fatalities since 2012",
                a,
                fmt="{}",
            ),
            key("wd_months_after", int(v.after.sum()), "complete months of data after the mission left", a),
        ]
    )


def regional(acled: pd.DataFrame, spans: dict = SPANS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mean monthly fatalities by region (sorted by change, ``change`` column added) and by zone, in ``spans``.

    Returns
    -------
    (regions, zones) : two DataFrames of :func:`region_rates`; ``regions`` indexed by region name with a
    float ``change`` (second span minus first), ``zones`` indexed by zone in the order of
    :data:`minusma.analysis.geography.ZONE_NAMES`.
    """
    first, second = list(spans)
    reg = region_rates(acled, spans)
    reg["change"] = reg[second] - reg[first]
    zones = region_rates(acled, spans, by="zone").loc[list(geo.ZONE_NAMES)]
    return reg.sort_values("change"), zones


def zone_directions(zones: pd.DataFrame, spans: dict = SPANS) -> str:
    """``"fell in the north; fell in the centre; rose in the south and west"``: each zone's direction."""
    first, second = list(spans)
    return "; ".join(
        f"{'rose' if zones.loc[z, second] > zones.loc[z, first] else 'fell'} in {geo.ZONE_NAMES[z]}"
        for z in geo.ZONE_NAMES
    )


def regional_key_figures(
    reg: pd.DataFrame, zones: pd.DataFrame, src: dict[str, str], spans: dict = SPANS
) -> pd.DataFrame:
    """Key figures of the regional paragraph: the named regions' and each zone's means, before and after.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_reg_<region>_before``/``_after`` (float, fatalities per month) for
        :data:`NAMED_REGIONS`, then for each zone ``wd_zone_<zone>_before``/``_after``, ``_verb``
        (``rose``/``fell``) and ``_regions`` (its regions, in words).
    """
    (first, second), a, rows = list(spans), src["acled"], []
    for pcode in NAMED_REGIONS:
        name = geo.REGIONS[pcode]
        slug = name.lower().replace("é", "e")
        for span, tag, label in ((first, "before", "2022-2023"), (second, "after", "2024 onwards")):
            rows.append(
                key(
                    f"wd_reg_{slug}_{tag}",
                    reg.loc[name, span],
                    f"fatalities per month in {name} region, {label}",
                    a,
                    text=f"{reg.loc[name, span]:.0f}",
                )
            )
    for z in geo.ZONE_NAMES:
        zone = f"{geo.ZONE_NAMES[z]} ({', '.join(geo.regions_in(z))})"
        for span, tag in ((first, "before"), (second, "after")):
            rows.append(
                key(
                    f"wd_zone_{z}_{tag}",
                    zones.loc[z, span],
                    f"fatalities per month in {zone}, {span}",
                    a,
                    text=f"{zones.loc[z, span]:.0f}",
                )
            )
        rows += [
            key(
                f"wd_zone_{z}_verb",
                "rose" if zones.loc[z, second] - zones.loc[z, first] > 0 else "fell",
                f"direction of the change in {geo.ZONE_NAMES[z]}, 2024 onwards vs 2022-2023",
                a,
                fmt="{}",
            ),
            key(
                f"wd_zone_{z}_regions",
                and_list(geo.regions_in(z)),
                f"regions of {geo.ZONE_NAMES[z]} (minusma.analysis.geography)",
                "minusma.analysis.geography.ZONES",
                fmt="{}",
            ),
        ]
    return key_frame(rows)


@dataclass(frozen=True)
class Humanitarian:
    """Displacement counts and Mali's humanitarian appeals (see :func:`humanitarian`).

    Attributes
    ----------
    idps, refugees : pandas.DataFrame
        Rows of ``humanitarian_figures`` for Mali (normal confidence), by ``date``: internally
        displaced people, and Malian refugees in neighbouring countries (``value``: people).
    appeals : pandas.DataFrame
        ``fts_appeals`` rows of Mali's country plans, by ``year`` (``requirements_usd``,
        ``funding_usd``: US dollars, current; ``funded_share``: 0-1).
    """

    idps: pd.DataFrame
    refugees: pd.DataFrame
    appeals: pd.DataFrame

    @staticmethod
    def at(frame: pd.DataFrame, date: str) -> pd.Series:
        """The last figure on or before ``date``."""
        return frame[frame["date"] <= pd.Timestamp(date)].iloc[-1]

    @property
    def funded(self) -> pd.Series:
        """Year -> funded share of the appeal (0-1)."""
        return self.appeals.set_index("year")["funded_share"]


def humanitarian(hum: pd.DataFrame, fts: pd.DataFrame, years: tuple[int, int] = (2012, 2025)) -> Humanitarian:
    """Mali's displacement counts and appeals, ``years`` inclusive (``humanitarian_figures``, ``fts_appeals``)."""
    hum = hum[(hum["geography"] == "Mali") & (hum["confidence"] == "normal")]
    appeals = fts[(fts["iso3"] == "MLI") & fts["country_plan"] & (fts["year"].between(*years))].sort_values("year")
    return Humanitarian(
        hum[hum["indicator"] == "idps"].sort_values("date"),
        hum[hum["indicator"] == "malian_refugees_in_neighbours"].sort_values("date"),
        appeals,
    )


def humanitarian_key_figures(h: Humanitarian, src: dict[str, str], before: str = "2023-06-30") -> pd.DataFrame:
    """Key figures of the humanitarian paragraph: refugees and IDPs before the withdrawal and last, funding.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame: ``wd_refugees_2023``, ``wd_refugees_last``, ``wd_idps_2023``, ``wd_idps_last``
        (int, people; "at least" for lower bounds), each with its ``_date``; ``wd_funded_<year>``
        (float, 0-1) for 2023-2025; ``wd_requirements_2025`` (float, US$ million).
    """
    rows = []
    for name, frame, what in (
        ("refugees", h.refugees, "Malian refugees in neighbouring countries"),
        ("idps", h.idps, "internally displaced people in Mali"),
    ):
        for tag, row in (("2023", h.at(frame, before)), ("last", frame.iloc[-1])):
            k = f"wd_{name}_{tag}"
            rows += [
                key(
                    k,
                    int(row["value"]),
                    f"{what} ({row['as_of']}; {row['bound']})",
                    row["source_title"],
                    text=("at least " if row["bound"] == "lower bound" else "") + f"{int(row['value']):,}",
                ),
                key(k + "_date", row["date"].strftime("%B %Y"), f"date of the figure: {what}", row["source_title"]),
            ]
    for y in (2023, 2024, 2025):
        rows.append(
            key(
                f"wd_funded_{y}",
                h.funded[y],
                f"share of Mali's humanitarian appeal funded, {y}",
                src["fts"],
                text=f"{h.funded[y]:.0%}",
            )
        )
    req = h.appeals.set_index("year").loc[2025, "requirements_usd"] / 1e6
    rows.append(
        key(
            "wd_requirements_2025",
            req,
            "requirements of Mali's 2025 humanitarian plan",
            src["fts"],
            text=f"${req:,.0f} million",
        )
    )
    return key_frame(rows)
