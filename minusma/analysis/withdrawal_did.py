"""Before and after the closures, as a difference-in-differences: one unit per cercle, pooled, with intervals.

The unit of analysis is the **cercle that lost a base** in 2023, not the base:
two cercles held two bases each (Tessalit cercle: Tessalit and Aguelhok;
Timbuktu cercle: Ber and Timbuktu), and counting them twice would double their
weight. A cercle with several closures is dated by its **first** closure
(:func:`minusma.analysis.withdrawal_design.cercle_units`).

The design is a *stacked* difference-in-differences on cercle-months. For each
treated cercle a "stack" holds that cercle and every comparison cercle (the
cercles of the same regions that never had a base), over the event months
``lo .. hi`` around the treated cercle's closure month (month 0, which is left
out: part of it precedes the handover). Within a stack the panel is balanced,
and the estimate is the coefficient on *treated × after* in an OLS with
stack-by-cercle and stack-by-month fixed effects (done exactly by two-way
demeaning within each stack). Standard errors are clustered by cercle (a
comparison cercle appears in every stack, so its months are one cluster), and
the 95 % interval uses Student's t with G - 1 degrees of freedom, G the number
of clusters. With one treated cercle per stack and equal windows, the pooled
estimate equals the mean of the per-cercle 2×2 differences-in-differences
(:func:`per_cercle`), so the detail table and the pooled number agree.

The **placebo** moves every closure a year earlier and keeps the "after" window
short of the real closure month, so that no real post-closure month enters it.

Units: the outcome is a count per cercle and month (ACLED reported fatalities
from political violence, or UCDP best-estimate deaths); estimates are in deaths
per cercle and month. Data: ``acled_mali_cercle_month`` (ACLED via HDX,
aggregates), ``ucdp_ged_events`` (UCDP GED 25.1, CC BY 4.0), ``camps`` and the
COD-AB cercles. The units and cercle-month panels the design runs on, and the chapter's
whole comparison with its key figures, are in :mod:`minusma.analysis.withdrawal_design`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from minusma.analysis import geography as geo


def stacked_panel(
    monthly: pd.DataFrame,
    treated: pd.DataFrame,
    controls: list[str],
    *,
    value: str = "fatalities",
    lo: int = -12,
    hi: int = 12,
    shift: int = 0,
    last_month: pd.Timestamp | None = None,
    unit: str = "admin2_pcode",
) -> pd.DataFrame:
    """The stacks of the design: each treated cercle with all comparison cercles, event months ``lo..hi``.

    Parameters
    ----------
    monthly : pandas.DataFrame
        A complete unit-month table: ``unit``, ``month`` (datetime64), ``value``.
    treated : pandas.DataFrame
        From :func:`minusma.analysis.withdrawal_design.cercle_units` (``admin2_pcode``, ``first_closure``).
    controls : list of str
        Comparison cercle pcodes (no base at any time).
    lo, hi : int
        First and last event month (0, the closure month, is always left out).
    shift : int
        Months added to every closure date (``-12``: the placebo a year earlier).
        When negative, event months at or after the *real* closure month are
        dropped, so the placebo's "after" never contains a real one.
    last_month : pandas.Timestamp, optional
        Last complete month of the data; later months are dropped (in every
        unit of the stack alike, so stacks stay balanced).

    Returns
    -------
    pandas.DataFrame
        ``stack`` (pcode of the treated cercle), ``unit``, ``treated`` (bool),
        ``k`` (int, event month), ``month``, ``y`` (float).

    Raises
    ------
    ValueError
        A treated cercle is also a comparison cercle, or a stack has no month.
    """
    both = set(treated[unit]) & set(controls)
    if both:
        raise ValueError(f"cercles both treated and comparison: {sorted(both)}")
    series = monthly.set_index([unit, "month"])[value]
    frames = []
    for _, t in treated.iterrows():
        real = pd.Timestamp(t["first_closure"]).to_period("M")
        m0 = real + shift
        ks = [k for k in range(lo, hi + 1) if k != 0 and (shift >= 0 or m0 + k < real)]
        months = [(m0 + k).to_timestamp() for k in ks]
        keep = [i for i, m in enumerate(months) if last_month is None or m <= last_month]
        ks, months = [ks[i] for i in keep], [months[i] for i in keep]
        if not ks:
            raise ValueError(f"stack {t[unit]}: no month in the window")
        members = [t[unit]] + list(controls)
        idx = pd.MultiIndex.from_product([members, months])
        y = series.reindex(idx)
        if y.isna().any():
            raise ValueError(f"stack {t[unit]}: the unit-month table is not complete (e.g. {y[y.isna()].index[0]})")
        frames.append(
            pd.DataFrame(
                {
                    "stack": t[unit],
                    unit: np.repeat(members, len(months)),
                    "treated": np.repeat([True] + [False] * len(controls), len(months)),
                    "k": np.tile(ks, len(members)),
                    "month": np.tile(months, len(members)),
                    "y": y.to_numpy(float),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _demean(panel: pd.DataFrame, cols: list[str], unit: str) -> pd.DataFrame:
    """Two-way within transformation per stack (exact for a balanced panel): x - x̄_unit - x̄_month + x̄."""
    out = {}
    for c in cols:
        x = panel[c].astype(float)
        by_u = x.groupby([panel["stack"], panel[unit]]).transform("mean")
        by_k = x.groupby([panel["stack"], panel["k"]]).transform("mean")
        by_s = x.groupby(panel["stack"]).transform("mean")
        out[c] = x - by_u - by_k + by_s
    return pd.DataFrame(out)


def _ols(panel: pd.DataFrame, regressors: list[str], unit: str):
    d = _demean(panel, ["y"] + regressors, unit)
    fit = sm.OLS(d["y"], d[regressors]).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(panel[unit])[0]})
    g = panel[unit].nunique()
    return fit, g


def did(panel: pd.DataFrame, *, unit: str = "admin2_pcode", level: float = 0.95) -> dict:
    """The pooled difference-in-differences: change in deaths per cercle-month after closure, net of comparison.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`stacked_panel`.

    Returns
    -------
    dict
        ``estimate``, ``se``, ``low``, ``high`` (float, deaths per cercle and
        month; interval at ``level`` with t(G-1)), ``p`` (two-sided),
        ``treated`` (int, stacks), ``clusters`` (int, G), ``obs`` (int),
        ``pre_treated``, ``post_treated`` (float, mean deaths per month of the
        treated cercles before and after), ``pre_control``, ``post_control``.
    """
    p = panel.assign(D=(panel["treated"] & (panel["k"] > 0)).astype(float))
    fit, g = _ols(p, ["D"], unit)
    est, se = float(fit.params["D"]), float(fit.bse["D"])
    t = stats.t.ppf(0.5 + level / 2, g - 1)
    after = p["k"] > 0
    return {
        "estimate": est,
        "se": se,
        "low": est - t * se,
        "high": est + t * se,
        "p": float(2 * stats.t.sf(abs(est / se), g - 1)) if se > 0 else float("nan"),
        "treated": int(p["stack"].nunique()),
        "clusters": int(g),
        "obs": len(p),
        "pre_treated": float(p.loc[p["treated"] & ~after, "y"].mean()),
        "post_treated": float(p.loc[p["treated"] & after, "y"].mean()),
        "pre_control": float(p.loc[~p["treated"] & ~after, "y"].mean()),
        "post_control": float(p.loc[~p["treated"] & after, "y"].mean()),
    }


def event_study(panel: pd.DataFrame, *, unit: str = "admin2_pcode", level: float = 0.95) -> pd.DataFrame:
    """Treated-minus-comparison deaths in each event month, relative to the mean of the months before closure.

    The regression has one *treated × month k* term for every event month but
    the last before closure (the omitted one); the coefficients are then
    re-centred on the mean of the pre-closure months (a linear contrast, with
    its clustered variance), so that the pre-period averages zero and a single
    odd month before the closure does not set the baseline.

    Returns
    -------
    pandas.DataFrame
        One row per event month ``k`` (int): ``estimate``, ``low``, ``high``
        (float, deaths per cercle and month against the pre-closure mean,
        interval at ``level`` with t(G-1)), ``stacks`` (int, treated cercles
        with that month).
    """
    all_k = sorted(int(k) for k in panel["k"].unique())
    pre = [k for k in all_k if k < 0]
    omitted = max(pre)
    ks = [k for k in all_k if k != omitted]
    p = panel.copy()
    names = []
    for k in ks:
        name = f"k{k:+d}"
        p[name] = (p["treated"] & (p["k"] == k)).astype(float)
        names.append(name)
    fit, g = _ols(p, names, unit)
    b = np.array([0.0 if k == omitted else float(fit.params[f"k{k:+d}"]) for k in all_k])
    cov = np.zeros((len(all_k), len(all_k)))
    pos = [all_k.index(k) for k in ks]
    cov[np.ix_(pos, pos)] = fit.cov_params().loc[names, names].to_numpy()
    t = stats.t.ppf(0.5 + level / 2, g - 1)
    w_pre = np.array([1.0 / len(pre) if k < 0 else 0.0 for k in all_k])
    stacks = panel[panel["treated"]].groupby("k")["stack"].nunique()
    rows = []
    for i, k in enumerate(all_k):
        c = -w_pre.copy()
        c[i] += 1.0
        e, s = float(c @ b), float(np.sqrt(max(c @ cov @ c, 0.0)))
        rows.append({"k": k, "estimate": e, "low": e - t * s, "high": e + t * s, "stacks": int(stacks[k])})
    return pd.DataFrame(rows)


def per_cercle(panel: pd.DataFrame, *, tolerance: float = 0.5) -> pd.DataFrame:
    """The 2×2 difference-in-differences of each stack (the detail behind :func:`did`).

    Returns
    -------
    pandas.DataFrame
        One row per stack, in panel order: ``admin2_pcode`` (the treated cercle),
        ``before``, ``after`` (float, its mean deaths per month), ``change``
        (after - before), ``control_change`` (the same for the mean comparison
        cercle), ``did`` (change - control_change), ``direction`` (``rose``
        where ``did`` >= ``tolerance``, ``fell`` where ``did`` <= -``tolerance``,
        otherwise ``same``: a difference of less than half a death a month is
        not called a rise or a fall).
    """
    rows = []
    for s, p in panel.groupby("stack", sort=False):
        after = p["k"] > 0
        t, c = p["treated"], ~p["treated"]
        b, a = p.loc[t & ~after, "y"].mean(), p.loc[t & after, "y"].mean()
        cb, ca = p.loc[c & ~after, "y"].mean(), p.loc[c & after, "y"].mean()
        rows.append({"admin2_pcode": s, "before": b, "after": a, "change": a - b, "control_change": ca - cb})
    out = pd.DataFrame(rows)
    out["did"] = out["change"] - out["control_change"]
    out["direction"] = np.where(out["did"] >= tolerance, "rose", np.where(out["did"] <= -tolerance, "fell", "same"))
    return out


def zone_controls(controls: list[str], zone: str) -> list[str]:
    """The comparison cercles that lie in ``zone`` (``north``, ``centre``)."""
    z = geo.zone_of(pd.Series(controls, dtype=str))
    return [c for c, zz in zip(controls, z) if zz == zone]


#: Groups of the pooled estimates: all cercles that lost a base, then by zone (comparison cercles of that zone).
GROUPS = ("all", "north", "centre")

#: The designs estimated for each group: the real closure dates, and the placebo a year earlier.
DESIGNS = {"closures": {"shift": 0}, "placebo": {"shift": -12, "hi": 11}}


def estimate_table(
    sources: dict[str, tuple[pd.DataFrame, pd.Timestamp]],
    treated: pd.DataFrame,
    controls: list[str],
    *,
    lo: int = -12,
    hi: int = 12,
) -> pd.DataFrame:
    """Pooled estimates for every source, group and design: the chapter's table of results.

    Parameters
    ----------
    sources : dict
        Source name -> (complete cercle-month table with ``admin2_pcode``,
        ``month``, ``fatalities``; its last complete month).
    treated : pandas.DataFrame
        From :func:`minusma.analysis.withdrawal_design.cercle_units`.
    controls : list of str
        Comparison cercle pcodes; a zone's estimate uses the comparison cercles
        of that zone (:func:`zone_controls`).
    lo, hi : int
        Event months of the real design (the placebo uses ``lo`` .. 11).

    Returns
    -------
    pandas.DataFrame
        One row per source × group × design: ``source``, ``group`` (see
        :data:`GROUPS`), ``design`` (``closures`` or ``placebo``) and the
        fields of :func:`did` (``estimate``, ``low``, ``high`` in deaths per
        cercle and month, ``p``, ``treated``, ``clusters``, ...).
    """
    rows = []
    for name, (monthly, last) in sources.items():
        for group in GROUPS:
            t = treated if group == "all" else treated[treated["zone"] == group]
            c = controls if group == "all" else zone_controls(controls, group)
            for design, kw in DESIGNS.items():
                kw = {"lo": lo, "hi": hi, **kw}
                panel = stacked_panel(monthly, t, c, last_month=last, **kw)
                rows.append({"source": name, "group": group, "design": design, **did(panel)})
    return pd.DataFrame(rows)


def interval_text(row, fmt: str = "{:+.1f}") -> str:
    """``-2.0 (95 % CI -10.1 to +6.1)`` for a row of :func:`estimate_table`."""
    return f"{fmt.format(row['estimate'])} (95% CI {fmt.format(row['low'])} to {fmt.format(row['high'])})"
