"""Chart recipes of the Withdrawal chapter's last sections: violence after the mission, by region, the
humanitarian picture, and the tables of the fears' scorecard.

The ``*_chart`` functions return ``(fig, facts)``: the figure (house style:
:mod:`minusma.charts.style`; timeline markers: :mod:`minusma.charts.timeline`) and a
dict with its ``alt`` text and the ``data`` table it plots. Inputs are the frames of
:mod:`minusma.analysis.withdrawal_after` and :mod:`minusma.analysis.withdrawal_fears`.
"""

from __future__ import annotations

import pandas as pd

from minusma.analysis import withdrawal_fears as wf
from minusma.analysis.withdrawal_after import SPANS, Humanitarian, Violence
from minusma.charts import style, timeline

#: The events marked on the chart of violence after the mission (keys of :data:`minusma.charts.timeline.MARKERS`).
FOLLOWED = (
    "mandate_end",
    "kidal_taken",
    "algiers_end",
    "tinzaouaten",
    "bamako_attack",
    "aes_leaves_ecowas",
    "africa_corps",
    "fuel_blockade",
)


def violence_chart(v: Violence, events: pd.DataFrame, marked=FOLLOWED):
    """Monthly fatalities in Mali with the means of 2022-2023 and of 2024 onwards, and the ``marked`` events.

    Returns ``(fig, facts)``: ``alt``, ``data`` (``month`` YYYY-MM, ``events``, ``fatalities``).
    """
    c = v.complete
    fig, ax = style.new_figure(height=4.4)
    ax.bar(c["month"], c["fatalities"], width=25, color=style.PALETTE["grey"], label="Fatalities")
    for mask, label in [(v.during, "2022–2023"), (v.after, "2024 onwards")]:
        mean = c.loc[mask, "fatalities"].mean()
        ax.plot(
            [c.loc[mask, "month"].min(), c.loc[mask, "month"].max()],
            [mean, mean],
            color=style.PALETTE["vermillion"],
            linewidth=2.2,
        )
        ax.text(
            c.loc[mask, "month"].min(),
            mean * 1.04,
            f"{label}: {mean:,.0f} a month",
            fontsize=8.5,
            color=style.PALETTE["vermillion"],
            va="bottom",
        )
    timeline.mark(ax, timeline.markers(events, list(marked)), fontsize=8)
    style.thousands(ax)
    style.month_axis(ax, interval=6, fmt="%b\n%Y")
    ax.set_ylabel("Reported fatalities per month")
    alt = (
        f"Bar chart of monthly political-violence fatalities in Mali from January 2021 to "
        f"{v.last_month:%B %Y}. Mean {v.mean('fatalities', 'during'):,.0f} a month in "
        f"2022–2023 and {v.mean('fatalities', 'after'):,.0f} from January 2024. Lines mark the end "
        "of the mandate, the army's taking of Kidal, the end of the Algiers agreement, Tinzaouaten, JNIM's attack "
        "on Bamako, the AES's exit from ECOWAS, Wagner's departure and JNIM's fuel blockade."
    )
    data = c[["month", "events", "fatalities"]].assign(month=c["month"].dt.strftime("%Y-%m"))
    return fig, {"alt": alt, "data": data}


def regions_chart(reg: pd.DataFrame, last_month: pd.Timestamp, spans: dict = SPANS):
    """Dumbbell chart of each region's mean monthly fatalities, 2022-2023 against January 2024 onwards.

    ``reg`` is :func:`minusma.analysis.withdrawal_after.regional`'s first frame (sorted by change), with
    one column per span of ``spans``. Returns ``(fig, facts)``: ``alt``, ``data``.
    """
    before, after = list(spans)
    fig, ax = style.new_figure(height=4.6)
    y = list(range(len(reg)))
    ax.hlines(y, reg[before], reg[after], color=style.PALETTE["lightgrey"], linewidth=3, zorder=1)
    ax.scatter(reg[before], y, color=style.PALETTE["grey"], marker="o", s=50, label=before, zorder=2)
    ax.scatter(
        reg[after],
        y,
        color=style.PALETTE["vermillion"],
        marker="D",
        s=50,
        label=f"January 2024 – {last_month:%B %Y}",
        zorder=3,
    )
    ax.set_yticks(y, reg.index)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel("Reported fatalities from political violence per month")
    ax.legend(loc="upper right")
    alt = (
        f"Dot plot of monthly political-violence fatalities by region, {before} against {after}: "
        + "; ".join(f"{r}: {a:.0f} to {b:.0f}" for r, a, b in zip(reg.index, reg[before], reg[after]))
        + "."
    )
    return fig, {"alt": alt, "data": reg.reset_index().round(2)}


def humanitarian_chart(h: Humanitarian, before: str = "2023-06-30"):
    """Two panels: displaced Malians (IDPs, refugees in neighbouring countries) and Mali's appeal, requested
    and funded; dashed lines at the mission's end.

    Returns
    -------
    (matplotlib.figure.Figure, dict)
        ``alt``, ``data``, and for the title ``refugees_before`` and ``refugees_last`` (rows of the
        refugee counts: the last before ``before``, and the last).
    """
    idps, refugees, appeals = h.idps, h.refugees, h.appeals
    fig, axes = style.new_figure(1, 2, height=3.8)
    ax = axes[0]
    ax.plot(idps["date"], idps["value"] / 1e3, "-o", ms=3.5, color=style.PALETTE["blue"], label="Internally displaced")
    ax.plot(
        refugees["date"],
        refugees["value"] / 1e3,
        "-s",
        ms=3.5,
        color=style.PALETTE["orange"],
        label="Refugees in neighbouring countries",
    )
    ax.axvline(pd.Timestamp("2023-12-31"), color=style.SUBTLE, linestyle=(0, (3, 2)), linewidth=0.9)
    ax.set_ylabel("Thousands of people")
    ax.set_title("Displaced Malians", fontsize=10.5)
    ax.legend(loc="upper left", fontsize=8.5)
    style.month_axis(ax, interval=36, fmt="%Y")
    ax = axes[1]
    ax.bar(appeals["year"], appeals["requirements_usd"] / 1e6, color=style.PALETTE["lightgrey"], label="Requested")
    ax.bar(appeals["year"], appeals["funding_usd"] / 1e6, color=style.PALETTE["green"], width=0.5, label="Funded")
    ax.axvline(2023.5, color=style.SUBTLE, linestyle=(0, (3, 2)), linewidth=0.9)
    ax.set_ylabel("US$ million (current)")
    ax.set_title("Mali's humanitarian appeal", fontsize=10.5)
    ax.legend(loc="upper left", fontsize=8.5)
    r23, r_last, i_last = h.at(refugees, before), refugees.iloc[-1], idps.iloc[-1]
    alt = (
        f"Two panels. Left: internally displaced people in Mali from {idps['value'].iloc[0]:,.0f} in 2012 to a peak "
        f"of {idps['value'].max():,.0f} and {i_last['value']:,.0f} in {i_last['date']:%B %Y}; Malian refugees "
        f"in neighbouring countries from {r23['value']:,.0f} in {r23['date']:%B %Y} to {r_last['value']:,.0f} in "
        f"{r_last['date']:%B %Y}. Right: appeal requirements and funding 2012–2025, funded share "
        + ", ".join(f"{y} {v:.0%}" for y, v in h.funded.items())
        + "."
    )
    cols = ["indicator", "as_of", "value", "unit"]
    data = pd.concat(
        [
            idps[cols],
            refugees[cols],
            appeals.assign(indicator="appeal", as_of=appeals["year"].astype(str))[
                ["indicator", "as_of", "requirements_usd", "funding_usd", "funded_share"]
            ],
        ],
        ignore_index=True,
    )
    return fig, {"alt": alt, "data": data, "refugees_before": r23, "refugees_last": r_last}


def fear_rules_table(fears: pd.DataFrame) -> pd.DataFrame:
    """The fears of June 2023 with their indicators and thresholds, as the chapter prints them."""
    return pd.DataFrame(
        {
            "Fear (June 2023)": fears["fear_text"],
            "Indicator": fears["indicator"],
            "Threshold (fixed before the values)": fears["threshold_text"],
        }
    )


def scorecard_table(fears: pd.DataFrame, card: pd.DataFrame, last_complete: pd.Timestamp) -> pd.DataFrame:
    """The scorecard as the chapter prints it: one row per fear, one column per period, and the verdict.

    ``card`` is :func:`minusma.analysis.withdrawal_fears.scorecard`.
    """
    final = wf.final_verdicts(card).set_index("fear")
    wide = card.pivot(index="fear", columns="period", values="text").reindex(list(fears["fear"]))
    cols = [p.label for p in wf.periods(last_complete)]
    return pd.DataFrame(
        {
            "Fear (June 2023)": list(fears["fear_text"]),
            **{c: list(wide[c]) for c in cols},
            "Verdict": [f"{final.loc[f, 'verdict']} ({final.loc[f, 'period']})" for f in fears["fear"]],
        }
    )
