"""Forecasting monthly referral counts, honestly.

The method depends on how much history there is:

- 24 months or more: exponential smoothing with an additive (damped) trend and additive
  yearly seasonality (ETS(A,Ad,A), statsmodels' ``ETSModel``);
- 6 to 23 months: the same without seasonality (ETS(A,Ad,N));
- under 6 months: the mean of what there is, flagged "too little history".

A back-test holds out the last 6 months, fits the same rule on the rest, and measures the
mean absolute error of the method and of the seasonal-naive baseline (the same month a
year before; the last month when there is less than a year) on the held-out months. The
forecast given is whichever did better. Intervals are 80% prediction intervals; counts
are never forecast below 0.

Only the last ``MAX_HISTORY`` months are fitted: the pattern of the last five years says
more about next year than the decade before, and each fit then takes a few hundredths of
a second.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SEASON = 12
BACKTEST_MONTHS = 6
MIN_TREND = 6
MIN_SEASONAL = 24
MAX_HISTORY = 60
#: The 80% interval: 10% each side of a normal distribution.
Z80 = 1.2815515655446004

METHODS = ("ets_seasonal", "ets_trend", "mean", "seasonal_naive")
METHOD_WORDS = {
    "ets_seasonal": "exponential smoothing with trend and yearly seasonality",
    "ets_trend": "exponential smoothing with trend (too little history for seasonality)",
    "mean": "the average of the months so far (too little history)",
    "seasonal_naive": "the same month last year (it did better than smoothing on the back-test)",
}

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Backtest:
    #: Months held out (0 when there is too little history to hold any out).
    months: int
    #: Mean absolute error of the rule's own method, and of the seasonal-naive baseline.
    method_mae: float | None
    seasonal_naive_mae: float | None


@dataclass(frozen=True)
class SeriesForecast:
    method: str
    history_months: int
    forecast: Floats
    lower80: Floats
    upper80: Floats
    backtest: Backtest

    @property
    def too_little_history(self) -> bool:
        return self.history_months < MIN_TREND


def rule_for(months: int) -> str:
    """The smoothing method the amount of history allows."""
    if months >= MIN_SEASONAL:
        return "ets_seasonal"
    if months >= MIN_TREND:
        return "ets_trend"
    return "mean"


def _ets(history: Floats, horizon: int, seasonal: bool) -> tuple[Floats, Floats, Floats]:
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    # statsmodels wants an index to label its predictions; the months are what they are.
    series = pd.Series(history, index=pd.RangeIndex(len(history)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short or flat series
        model = ETSModel(
            series,
            error="add",
            trend="add",
            damped_trend=True,
            seasonal="add" if seasonal else None,
            seasonal_periods=SEASON if seasonal else None,
            initialization_method="heuristic" if seasonal else "estimated",
        )
        fitted = model.fit(disp=False)
        frame = fitted.get_prediction(
            start=len(history), end=len(history) + horizon - 1
        ).summary_frame(alpha=0.2)
    return (
        frame["mean"].to_numpy(float),
        frame["pi_lower"].to_numpy(float),
        frame["pi_upper"].to_numpy(float),
    )


def _mean(history: Floats, horizon: int) -> tuple[Floats, Floats, Floats]:
    level = float(history.mean()) if len(history) else 0.0
    spread = float(history.std(ddof=1)) if len(history) > 1 else math.sqrt(max(level, 1.0))
    width = Z80 * spread * math.sqrt(1 + 1 / max(len(history), 1))
    mean = np.full(horizon, level)
    return mean, mean - width, mean + width


def seasonal_naive(history: Floats, horizon: int) -> tuple[Floats, Floats, Floats]:
    """The same month a year before (the last month with under a year of history), with
    intervals from the spread of its own one-step errors (Hyndman and Athanasopoulos)."""
    steps = np.arange(1, horizon + 1)
    if len(history) >= SEASON:
        last_year = history[-SEASON:]
        mean = last_year[(steps - 1) % SEASON]
        errors = history[SEASON:] - history[:-SEASON]
        seasons_ahead = (steps - 1) // SEASON + 1
    else:
        mean = np.full(horizon, history[-1] if len(history) else 0.0)
        errors = np.diff(history)
        seasons_ahead = steps
    if len(errors):
        width = Z80 * float(np.sqrt(np.mean(errors**2))) * np.sqrt(seasons_ahead)
    else:  # no errors to measure yet: counts vary about as much as their square root
        width = Z80 * np.sqrt(np.maximum(mean, 1.0)) * np.sqrt(seasons_ahead)
    return mean.astype(float), mean - width, mean + width


def _by(method: str, history: Floats, horizon: int) -> tuple[Floats, Floats, Floats]:
    if method == "ets_seasonal":
        return _ets(history, horizon, seasonal=True)
    if method == "ets_trend":
        return _ets(history, horizon, seasonal=False)
    if method == "seasonal_naive":
        return seasonal_naive(history, horizon)
    return _mean(history, horizon)


def backtest(history: Floats) -> Backtest:
    """Hold out the last 6 months, fit the rule on the rest, and compare the errors."""
    held = BACKTEST_MONTHS
    if len(history) < held + MIN_TREND:
        return Backtest(0, None, None)
    train, test = history[:-held], history[-held:]
    own = _by(rule_for(len(train)), train, held)[0]
    naive = seasonal_naive(train, held)[0]
    return Backtest(
        held,
        round(float(np.mean(np.abs(np.maximum(own, 0) - test))), 2),
        round(float(np.mean(np.abs(naive - test))), 2),
    )


def forecast(counts: npt.ArrayLike, horizon: int) -> SeriesForecast:
    """The next ``horizon`` months of a monthly count series (oldest first)."""
    history = np.asarray(counts, dtype=float)[-MAX_HISTORY:]
    test = backtest(history)
    method = rule_for(len(history))
    if (
        test.method_mae is not None
        and test.seasonal_naive_mae is not None
        and test.seasonal_naive_mae < test.method_mae
    ):
        method = "seasonal_naive"
    mean, lower, upper = _by(method, history, horizon)
    return SeriesForecast(
        method=method,
        history_months=len(np.asarray(counts)),
        forecast=np.maximum(mean, 0.0),
        lower80=np.maximum(lower, 0.0),
        upper80=np.maximum(upper, 0.0),
        backtest=test,
    )
