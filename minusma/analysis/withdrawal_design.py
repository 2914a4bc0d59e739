"""The Withdrawal chapter's before-and-after comparison, end to end: units, panels, estimates and key figures.

The estimation itself (stacked difference-in-differences, event study, per-cercle
2×2 table) is :mod:`minusma.analysis.withdrawal_did`; this module builds what it
runs on, one unit per **cercle that lost a base** (:func:`cercle_units`) and
complete cercle-month panels (:func:`complete_panel`, :func:`ucdp_cercle_month`),
then runs the chapter's whole design once (:func:`run_design`) and returns the
numbers its prose states (:func:`design_key_figures`).

Data: ``acled_mali_cercle_month`` (ACLED via HDX, aggregates: reported
fatalities from political violence per cercle and month), ``ucdp_ged_events``
(UCDP GED, located events, CC BY 4.0; best-estimate deaths), ``camps`` and the
COD-AB cercles (``mali_cercles``). Estimates are deaths per cercle and month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from minusma.analysis import geography as geo
from minusma.analysis import withdrawal_did as did
from minusma.analysis.keys import key, key_frame
from minusma.analysis.withdrawal import BASE_REGIONS, and_list, comparison_cercles, distances_km


def cercle_units(bases: pd.DataFrame) -> pd.DataFrame:
    """One row per cercle that lost a base: all its bases and closure dates, dated by the first closure.

    Parameters
    ----------
    bases : pandas.DataFrame
        One row per base with ``base`` (str), ``closed_on`` (datetime64; rows
        without a date are ignored), ``admin2_pcode``, ``admin2``,
        ``admin1_pcode``, ``admin1`` (str), ``latitude``, ``longitude`` (float).

    Returns
    -------
    pandas.DataFrame
        One row per cercle, sorted by first closure then pcode: ``admin2_pcode``,
        ``admin2``, ``admin1_pcode``, ``admin1``, ``zone`` (str, see
        :mod:`minusma.analysis.geography`), ``bases`` (str, "A; B" in order of
        closure), ``closures`` (str, "3 Aug 2023; ..."), ``n_bases`` (int),
        ``first_closure`` (datetime64, the date used), ``points`` (list of
        (lat, lon) tuples of its bases).

    Raises
    ------
    ValueError
        No base has a closure date.
    """
    dated = bases[bases["closed_on"].notna()].sort_values(["closed_on", "base"])
    if dated.empty:
        raise ValueError("no base has a closure date")
    short = dated["base"].str.replace(r" \(.*\)", "", regex=True)
    g = dated.assign(short=short).groupby("admin2_pcode", sort=False)
    out = pd.DataFrame(
        {
            "admin2": g["admin2"].first(),
            "admin1_pcode": g["admin1_pcode"].first(),
            "admin1": g["admin1"].first(),
            "bases": g["short"].agg("; ".join),
            "closures": g["closed_on"].agg(lambda d: "; ".join(x.strftime("%-d %b %Y") for x in d)),
            "n_bases": g.size().astype(int),
            "first_closure": g["closed_on"].min(),
            "points": g.apply(lambda d: list(zip(d["latitude"], d["longitude"])), include_groups=False),
        }
    ).reset_index()
    out.insert(4, "zone", geo.zone_of(out["admin2_pcode"]).to_numpy())
    return out.sort_values(["first_closure", "admin2_pcode"]).reset_index(drop=True)


def complete_panel(
    counts: pd.DataFrame,
    units: list[str],
    first: str,
    last: str,
    *,
    value: str = "fatalities",
    unit: str = "admin2_pcode",
) -> pd.DataFrame:
    """Counts on every unit-month from ``first`` to ``last`` (``YYYY-MM``), zeros where none were recorded.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``month`` (datetime64, month start), ``unit``, ``value`` (numeric).

    Returns
    -------
    pandas.DataFrame
        ``unit``, ``month``, ``value`` (float): len(units) × months rows.
    """
    months = pd.date_range(first, last, freq="MS")
    idx = pd.MultiIndex.from_product([units, months], names=[unit, "month"])
    s = counts.groupby([unit, "month"])[value].sum().reindex(idx, fill_value=0).astype(float)
    return s.reset_index()


def ucdp_cercle_month(
    events: pd.DataFrame, units: list[str], *, last: str = "2024-12", dataset: str = "GED 25.1"
) -> pd.DataFrame:
    """UCDP best-estimate deaths per cercle and month from located events (one stable release only).

    Parameters
    ----------
    events : pandas.DataFrame
        ``ucdp_ged_events``: ``date`` (datetime64), ``iso3``, ``admin2_pcode``, ``best`` (int), ``dataset``.
    units : list of str
        Cercle pcodes to keep (all of them get rows, zeros included).
    last : str
        Last month of the release (GED 25.1 ends in December 2024; the candidate
        events of 2026 are left out, and 2025 has none).

    Returns
    -------
    pandas.DataFrame
        ``admin2_pcode``, ``month``, ``fatalities`` (float, UCDP best estimate), January 2020 to ``last``.
    """
    ev = events[(events["iso3"] == "MLI") & (events["dataset"] == dataset)]
    ev = ev.assign(month=pd.to_datetime(ev["date"]).dt.to_period("M").dt.to_timestamp(), fatalities=ev["best"])
    first = ev["month"].min().strftime("%Y-%m")
    return complete_panel(ev, units, first, last)


def deaths_near(
    events: pd.DataFrame,
    treated: pd.DataFrame,
    *,
    radius_km: float,
    lo: int = -12,
    hi: int = 12,
    last_month: pd.Timestamp | None = None,
    dataset: str = "GED 25.1",
) -> pd.DataFrame:
    """UCDP deaths within ``radius_km`` of any of a cercle's bases, per month before and after its first closure.

    An event near two bases of the same cercle counts once. Event months as in
    :func:`minusma.analysis.withdrawal_did.stacked_panel` (closure month left out; the after window cut at
    ``last_month``).

    Returns
    -------
    pandas.DataFrame
        One row per treated cercle: ``admin2_pcode``, ``near_before``,
        ``near_after`` (float, deaths per month), ``after_months`` (int).
    """
    ev = events[(events["iso3"] == "MLI") & (events["dataset"] == dataset)]
    month = pd.to_datetime(ev["date"]).dt.to_period("M")
    rows = []
    for _, t in treated.iterrows():
        near = np.zeros(len(ev), dtype=bool)
        for lat, lon in t["points"]:
            near |= distances_km(ev["latitude"], ev["longitude"], lat, lon) <= radius_km
        m0 = pd.Timestamp(t["first_closure"]).to_period("M")
        k = (month - m0).map(lambda d: d.n).to_numpy()
        cut = np.ones(len(ev), dtype=bool) if last_month is None else (month.dt.to_timestamp() <= last_month).to_numpy()
        before = near & (k >= lo) & (k < 0)
        after = near & (k > 0) & (k <= hi) & cut
        n_after = sum(1 for j in range(1, hi + 1) if last_month is None or (m0 + j).to_timestamp() <= last_month)
        rows.append(
            {
                "admin2_pcode": t["admin2_pcode"],
                "near_before": ev.loc[before, "best"].sum() / -lo,
                "near_after": ev.loc[after, "best"].sum() / n_after if n_after else np.nan,
                "after_months": n_after,
            }
        )
    return pd.DataFrame(rows)


def directions(table: pd.DataFrame, by: str | None = None) -> pd.Series | pd.DataFrame:
    """Count the cercles whose deaths rose, and fell, against the comparison cercles (``direction``)."""
    if by is None:
        return table["direction"].value_counts().reindex(["rose", "fell", "same"], fill_value=0).astype(int)
    return pd.crosstab(table["direction"], table[by]).reindex(["rose", "fell", "same"], fill_value=0).astype(int)


@dataclass(frozen=True)
class Design:
    """The chapter's comparison, computed once (see :func:`run_design`).

    Attributes
    ----------
    units : pandas.DataFrame
        :func:`cercle_units` of the bases closed in 2023.
    controls : list of str
        Comparison cercle pcodes.
    estimates : pandas.DataFrame
        :func:`minusma.analysis.withdrawal_did.estimate_table` (ACLED and UCDP).
    studies : dict
        Source -> :func:`minusma.analysis.withdrawal_did.event_study` (ACLED to ``hi_es``, UCDP to ``hi``).
    cercles : pandas.DataFrame
        One row per unit: the columns of ``units`` (without ``points``), ACLED's
        :func:`minusma.analysis.withdrawal_did.per_cercle` (``before``, ``after``, ``change``,
        ``control_change``, ``did``, ``direction``), UCDP's as ``ucdp_did`` and ``ucdp_direction``,
        and :func:`deaths_near` (``near_before``, ``near_after``).
    lo, hi, hi_es : int
        Event months: ``lo .. hi`` for the estimates, ``lo .. hi_es`` for ACLED's event study.
    radius_km : float
        Radius of :func:`deaths_near`.
    ucdp_last, last_complete : pandas.Timestamp
        Last month of UCDP's stable release used, and of ACLED's complete months.
    """

    units: pd.DataFrame
    controls: list
    estimates: pd.DataFrame
    studies: dict
    cercles: pd.DataFrame
    lo: int
    hi: int
    hi_es: int
    radius_km: float
    ucdp_last: pd.Timestamp
    last_complete: pd.Timestamp

    def get(self, source: str, group: str = "all", design: str = "closures") -> pd.Series:
        """One row of :attr:`estimates`."""
        e = self.estimates
        return e[(e["source"] == source) & (e["group"] == group) & (e["design"] == design)].iloc[0]

    @property
    def zero_in_all(self) -> bool:
        """Whether every interval of :attr:`estimates` (real, placebo, every group and source) spans zero."""
        return bool(((self.estimates["low"] < 0) & (self.estimates["high"] > 0)).all())

    def outside(self, side: str, source: str = "ACLED") -> int:
        """Months before (``side="pre"``) or after (``"post"``) closure whose event-study interval excludes zero."""
        es = self.studies[source]
        k = es["k"] < 0 if side == "pre" else es["k"] > 0
        return int((k & ((es["low"] > 0) | (es["high"] < 0))).sum())

    def counts(self, source: str = "ACLED") -> pd.Series:
        """Cercles whose deaths rose, fell, or held level against the comparison (``rose``, ``fell``, ``same``)."""
        col = "direction" if source == "ACLED" else "ucdp_direction"
        return directions(self.cercles.assign(direction=self.cercles[col]))

    @property
    def shared(self) -> pd.DataFrame:
        """The units that held more than one base."""
        return self.units[self.units["n_bases"] > 1]


def run_design(
    acled: pd.DataFrame,
    ged: pd.DataFrame,
    bases: pd.DataFrame,
    closed: pd.DataFrame,
    cercles: pd.DataFrame,
    *,
    lo: int,
    hi: int,
    hi_es: int,
    radius_km: float,
    ucdp_last: pd.Timestamp,
    ged_release: str,
) -> Design:
    """Run the chapter's comparison: every estimate, event study and per-cercle row, for ACLED and UCDP.

    Parameters
    ----------
    acled : pandas.DataFrame
        ``acled_mali_cercle_month`` (complete cercle-month table with ``partial``).
    ged : pandas.DataFrame
        ``ucdp_ged_events``.
    bases : pandas.DataFrame
        Every base with its cercle (:func:`minusma.analysis.withdrawal.bases_in_cercles`): their
        cercles are not comparison cercles.
    closed : pandas.DataFrame
        The bases closed in 2023 (:func:`minusma.analysis.withdrawal_bases.closed_in_2023`).
    cercles : pandas.DataFrame
        ``mali_cercles``.
    lo, hi, hi_es, radius_km, ucdp_last
        The method's parameters (see :class:`Design`).
    ged_release : str
        The stable GED release used (``"GED 25.1"``; candidate events are left out).

    Raises
    ------
    ValueError
        As :func:`minusma.analysis.withdrawal_did.stacked_panel`.
    """
    last_complete = acled.loc[~acled["partial"].astype(bool), "month"].max()
    units = cercle_units(closed)
    controls = comparison_cercles(cercles, bases["admin2_pcode"].unique())
    ucdp = ucdp_cercle_month(ged, list(cercles["admin2_pcode"]), last=ucdp_last.strftime("%Y-%m"), dataset=ged_release)
    sources = {"ACLED": (acled, last_complete), "UCDP": (ucdp, ucdp_last)}
    est = did.estimate_table(sources, units, controls, lo=lo, hi=hi)
    studies = {
        s: did.event_study(
            did.stacked_panel(m, units, controls, lo=lo, hi=hi_es if s == "ACLED" else hi, last_month=last)
        )
        for s, (m, last) in sources.items()
    }
    detail = {
        s: did.per_cercle(did.stacked_panel(m, units, controls, lo=lo, hi=hi, last_month=last))
        for s, (m, last) in sources.items()
    }
    near = deaths_near(ged, units, radius_km=radius_km, lo=lo, hi=hi, last_month=ucdp_last, dataset=ged_release)
    table = (
        units.drop(columns="points")
        .merge(detail["ACLED"], on="admin2_pcode")
        .merge(
            detail["UCDP"][["admin2_pcode", "did", "direction"]].rename(
                columns={"did": "ucdp_did", "direction": "ucdp_direction"}
            ),
            on="admin2_pcode",
        )
        .merge(near, on="admin2_pcode")
    )
    return Design(units, controls, est, studies, table, lo, hi, hi_es, radius_km, ucdp_last, last_complete)


def design_key_figures(d: Design, src: dict[str, str]) -> pd.DataFrame:
    """Key figures of "Before and after each closure": units, estimates, directions, event study, extremes.

    Parameters
    ----------
    d : Design
        :func:`run_design`.
    src : dict
        :func:`minusma.analysis.withdrawal.source_labels`.

    Returns
    -------
    pandas.DataFrame
        Key-figure frame, in the order the chapter registers them: ``wd_n_cercles`` ... ``wd_window``,
        ``wd_did_<source>_<group>_<design>`` (float, deaths per cercle-month, text with its 95% CI),
        ``wd_acled_pre`` ... ``wd_clusters``, the counts ``wd_rose``/``wd_fell``/``wd_same`` (ACLED,
        UCDP, by zone), the agreement of the sources, the event study's months, the answers, the
        interval widths, the cercles of the largest rise and fall, and ``wd_es_pre_phrase``.
    """
    a, g, dsg = src["acled"], src["ged"], src["design"]
    rows = [
        key(
            "wd_n_cercles",
            len(d.units),
            "cercles that lost a base in 2023 (units of the comparison)",
            "camps; COD-AB cercles",
        ),
        key("wd_n_bases_dated", int(d.units["n_bases"].sum()), "bases closed in 2023 in those cercles", src["camps"]),
        key(
            "wd_shared_cercles",
            " and ".join(f"{r.admin2} ({r.bases.replace('; ', ' and ')})" for r in d.shared.itertuples()),
            "cercles that held more than one base",
            "camps; COD-AB cercles",
            fmt="{}",
        ),
        key("wd_n_controls", len(d.controls), "comparison cercles without a base", "COD-AB cercles; camps"),
        key(
            "wd_base_regions",
            and_list(geo.REGIONS[p] for p in BASE_REGIONS),
            "regions whose cercles without a base are the comparison cercles",
            "minusma.analysis.withdrawal.BASE_REGIONS",
            fmt="{}",
        ),
        key("wd_radius", d.radius_km, "km around each base (UCDP events)", "method"),
        key("wd_ucdp_ged_last", d.ucdp_last.strftime("%B %Y"), f"last month of UCDP {src['ged_release']} used", g),
        key("wd_window", -d.lo, "months compared on each side of a closure", "method"),
    ]
    for s in ("ACLED", "UCDP"):
        for grp in did.GROUPS:
            for design in did.DESIGNS:
                r = d.get(s, grp, design)
                rows.append(
                    key(
                        f"wd_did_{s.lower()}_{grp}_{design}",
                        r["estimate"],
                        f"change in deaths per cercle-month after closure against comparison cercles, {s}, "
                        f"{grp}, {design} (95% CI)",
                        a if s == "ACLED" else g,
                        text=did.interval_text(r),
                    )
                )
    r = d.get("ACLED")
    for name, col, who, when in (
        ("pre", "pre_treated", "cercle that lost a base", "before"),
        ("post", "post_treated", "cercle that lost a base", "after"),
        ("pre_c", "pre_control", "comparison cercle", "before"),
        ("post_c", "post_control", "comparison cercle", "after"),
    ):
        rows.append(
            key(
                f"wd_acled_{name}",
                r[col],
                f"deaths per month in the average {who}, the {-d.lo} months {when}",
                a,
                text=f"{r[col]:.1f}",
            )
        )
    rows.append(key("wd_clusters", int(r["clusters"]), "clusters (cercles) of the pooled estimate", dsg))
    counts, counts_ucdp = d.counts("ACLED"), d.counts("UCDP")
    by_zone = directions(d.cercles, by="zone")
    for kind in ("rose", "fell", "same"):
        rows.append(
            key(
                f"wd_{kind}",
                int(counts[kind]),
                f"cercles whose deaths {kind} against the comparison cercles (ACLED)",
                a,
            )
        )
        rows.append(
            key(
                f"wd_ucdp_{kind}",
                int(counts_ucdp[kind]),
                f"cercles whose deaths {kind} against the comparison cercles (UCDP)",
                g,
            )
        )
        for z in ("north", "centre") if kind != "same" else ():
            rows.append(
                key(
                    f"wd_{kind}_{z}",
                    int(by_zone.loc[kind, z]) if z in by_zone.columns else 0,
                    f"cercles of {geo.ZONE_NAMES[z]} whose deaths {kind} against the comparison (ACLED)",
                    a,
                )
            )
    ct = d.cercles
    agree, disagree = ct[ct["direction"] == ct["ucdp_direction"]], ct[ct["direction"] != ct["ucdp_direction"]]
    rows += [
        key(
            "wd_agree_names",
            and_list(f"{r.admin2} ({r.direction})" for r in agree.itertuples()) if len(agree) else "no cercle",
            "cercles where ACLED and UCDP agree, with the direction",
            dsg,
            fmt="{}",
        ),
        key("wd_disagree", len(disagree), "cercles where ACLED and UCDP give different directions", dsg),
        key(
            "wd_disagree_names",
            and_list(disagree["admin2"]) if len(disagree) else "none",
            "cercles where ACLED and UCDP disagree",
            dsg,
            fmt="{}",
        ),
    ]
    es = d.studies["ACLED"]
    n_pre, n_post = d.outside("pre"), d.outside("post")
    real = d.estimates[(d.estimates["group"] == "all") & (d.estimates["design"] == "closures")]
    width, placebo = r["high"] - r["low"], d.get("ACLED", design="placebo")
    p_width = placebo["high"] - placebo["low"]
    rows += [
        key("wd_es_pre_outside", n_pre, "months before closure whose event-study interval excludes zero (ACLED)", dsg),
        key("wd_es_post_outside", n_post, "months after closure whose event-study interval excludes zero (ACLED)", dsg),
        key("wd_es_pre_n", int((es["k"] < 0).sum()), "months before closure in the event study", dsg),
        key("wd_es_post_n", int((es["k"] > 0).sum()), "months after closure in the event study", dsg),
        key(
            "wd_did_answer",
            "by no amount that the data can tell from zero"
            if ((real["low"] < 0) & (real["high"] > 0)).all()
            else "by an amount the intervals can tell from zero",
            "whether both pooled intervals (ACLED, UCDP) include zero",
            dsg,
            fmt="{}",
        ),
        key(
            "wd_zone_answer",
            "the same" if d.zero_in_all else "not the same everywhere",
            "whether every zone's interval includes zero",
            dsg,
            fmt="{}",
        ),
        key(
            "wd_did_width",
            width,
            "width of ACLED's pooled 95% interval (deaths per cercle-month)",
            dsg,
            text=f"{width:.0f}",
        ),
        key(
            "wd_placebo_width",
            p_width,
            "width of ACLED's placebo 95% interval (deaths per cercle-month)",
            dsg,
            text=f"{p_width:.0f}",
        ),
    ]
    for tag, c in (("top", ct.loc[ct["did"].idxmax()]), ("bottom", ct.loc[ct["did"].idxmin()])):
        what = "largest rise" if tag == "top" else "largest fall"
        rows += [
            key(f"wd_{tag}_cercle", c["admin2"], f"cercle with the {what} against the comparison (ACLED)", a, fmt="{}"),
            key(
                f"wd_{tag}_before",
                c["before"],
                f"deaths per month in {c['admin2']} cercle, {-d.lo} months before",
                a,
                text=f"{c['before']:.1f}",
            ),
            key(
                f"wd_{tag}_after",
                c["after"],
                f"deaths per month in {c['admin2']} cercle, {d.hi} months after",
                a,
                text=f"{c['after']:.1f}",
            ),
        ]
    rows.append(
        key(
            "wd_es_pre_phrase",
            "did not move in step with the others" if n_pre >= 2 else "moved roughly in step with the others",
            "reading of the event study's pre-closure months",
            dsg,
            fmt="{}",
        )
    )
    return key_frame(rows)
