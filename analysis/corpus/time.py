"""Time: publication dates, time buckets, named periods and the volume of documents over time.

Two settings add grouping columns to the document table (in the documents
stage, so that they can be named in ``group_by`` like any metadata column):

* ``time_unit`` (``day``, ``week``, ``month`` or ``year``) adds
  :data:`BUCKET_COLUMN` (``time_bucket``): ``2022-02-24`` for a day, the
  Monday that starts the ISO week for a week (``2022-02-21``), ``2022-02``
  for a month, ``2022`` for a year. Labels sort in time order.
* ``periods`` (``{"before": [null, "2022-02-24"], "after": ["2022-02-24", null]}``)
  adds :data:`PERIOD_COLUMN` (``period``). Each period is the half-open
  interval ``[start, end)``; ``null`` leaves that side open. Periods must not
  overlap. A document outside every period, or without a date, is in the
  period :data:`NO_PERIOD` (``(none)``).

Dates are read from the ``published`` column: ``YYYY-MM-DD``, optionally
followed by a time (ISO 8601, as :meth:`datetime.datetime.fromisoformat`
reads it); the calendar date is the one written, with no time-zone
conversion. A blank value is "undated". Any other value is an error naming
the document and the value, but only when ``time_unit`` or ``periods`` is
set: otherwise ``published`` is left alone.

Examples:
    >>> import pandas as pd
    >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "published": ["2022-02-23", "2022-02-24T09:30:00", None]})
    >>> periods = {"before": [None, "2022-02-24"], "after": ["2022-02-24", None]}
    >>> add_time_columns(docs, time_unit="month", periods=periods)[["time_bucket", "period"]].values.tolist()
    [['2022-02', 'before'], ['2022-02', 'after'], ['(undated)', '(none)']]
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from analysis.exceptions import CorpusError, ParameterError

#: The allowed values of ``time_unit``.
TIME_UNITS: tuple[str, ...] = ("day", "week", "month", "year")
#: The column ``time_unit`` adds to the document table.
BUCKET_COLUMN = "time_bucket"
#: The column ``periods`` adds to the document table.
PERIOD_COLUMN = "period"
#: The period of documents outside every period, or without a date.
NO_PERIOD = "(none)"
#: The time bucket of documents without a date.
UNDATED = "(undated)"
#: The column the dates are read from.
DATE_COLUMN = "published"
#: Columns of :func:`volume_over_time`.
VOLUME_COLUMNS: tuple[str, ...] = ("group", BUCKET_COLUMN, "bucket_start", "n_documents", "moving_average")


@dataclass(frozen=True)
class Period:
    """One named period: the dates ``start <= date < end`` (``None``: open on that side)."""

    name: str
    start: dt.date | None
    end: dt.date | None

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` falls in ``[start, end)``."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


def _date_value(value: Any, *, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ParameterError(f"periods: {where} must be a date written YYYY-MM-DD or null, got {value!r}")


def parse_periods(value: Mapping[str, Any] | None) -> list[Period]:
    """Read the ``periods`` setting: name -> ``[start, end]``, in the order given.

    Raises:
        ParameterError: Not a mapping; a period that is not a two-item list;
            a bad date; ``start`` not before ``end``; two periods that
            overlap; a name that is blank or the reserved ``(none)``.

    Examples:
        >>> [(p.name, str(p.start), str(p.end)) for p in parse_periods({"a": [None, "2022-01-01"]})]
        [('a', 'None', '2022-01-01')]
        >>> parse_periods({"a": [None, "2022-03-01"], "b": ["2022-02-01", None]})
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: periods: 'a' [open, 2022-03-01) and 'b' [2022-02-01, open) overlap (from 2022-02-01 to 2022-03-01); periods must not overlap
        >>> parse_periods({"a": ["2022-13-01", None]})
        Traceback (most recent call last):
        ...
        analysis.exceptions.ParameterError: periods: the start of 'a' must be a date written YYYY-MM-DD or null, got '2022-13-01'
    """
    if value is None:
        return []
    if not isinstance(value, Mapping) or not value:
        raise ParameterError(f"periods must map each period's name to [start, end], for example "
                             f'{{"before": [null, "2022-02-24"], "after": ["2022-02-24", null]}}; got {value!r}')
    periods = []
    for name, bounds in value.items():
        if not isinstance(name, str) or not name.strip() or name in (NO_PERIOD, UNDATED):
            raise ParameterError(f"periods: {name!r} is not a usable period name (a non-blank text other than "
                                 f"{NO_PERIOD!r})")
        if not isinstance(bounds, (list, tuple)) or len(bounds) != 2:
            raise ParameterError(f"periods: {name!r} must be [start, end] (two dates, null for open), got {bounds!r}")
        start = _date_value(bounds[0], where=f"the start of {name!r}")
        end = _date_value(bounds[1], where=f"the end of {name!r}")
        if start is not None and end is not None and not start < end:
            raise ParameterError(f"periods: {name!r} starts on {start} but ends on {end}; "
                                 "the start must come before the end (the end date is not included)")
        periods.append(Period(name, start, end))
    lowest, highest = dt.date.min, dt.date.max
    for i, a in enumerate(periods):
        for b in periods[i + 1:]:
            low = max(a.start or lowest, b.start or lowest)
            high = min(a.end or highest, b.end or highest)
            if low < high:
                raise ParameterError(
                    f"periods: {a.name!r} {_show(a)} and {b.name!r} {_show(b)} overlap "
                    f"(from {'the beginning' if low == lowest else low} to {'the end' if high == highest else high}); "
                    "periods must not overlap")
    return periods


def _show(period: Period) -> str:
    return f"[{period.start or 'open'}, {period.end or 'open'})"


def periods_setting(value: Any) -> dict[str, list[str | None]] | None:
    """The ``periods`` setting as plain JSON data (dates as ``YYYY-MM-DD``), after checking it.

    Examples:
        >>> import datetime as dt
        >>> periods_setting({"after": [dt.date(2022, 2, 24), None]})
        {'after': ['2022-02-24', None]}
    """
    if value is None:
        return None
    return {p.name: [None if p.start is None else p.start.isoformat(), None if p.end is None else p.end.isoformat()]
            for p in parse_periods(value)}


def parse_date(value: Any) -> dt.date | None:
    """The calendar date of one ``published`` value; ``None`` when blank.

    Raises:
        ValueError: The value is not a date.

    Examples:
        >>> parse_date("2022-02-24"), parse_date("2022-02-24T23:30:00+01:00"), parse_date("  ")
        (datetime.date(2022, 2, 24), datetime.date(2022, 2, 24), None)
        >>> parse_date("24/02/2022")
        Traceback (most recent call last):
        ...
        ValueError: not a date: '24/02/2022'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        if len(text) > 10 and text[10] in "T ":
            return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError(f"not a date: {value!r}")


def document_dates(documents: pd.DataFrame, *, strict: bool = True) -> list[dt.date | None]:
    """The date of each document (``None`` when undated), from its ``published`` value.

    Args:
        documents: The document table; without a ``published`` column every document is undated.
        strict: Raise on a value that is not a date; ``False`` treats it as undated.

    Raises:
        CorpusError: (``strict``) A value is not a date; names the document and the value.
    """
    if DATE_COLUMN not in documents.columns:
        return [None] * len(documents)
    dates = []
    ids = documents["doc_id"].astype(str).tolist() if "doc_id" in documents.columns else [""] * len(documents)
    for doc_id, value in zip(ids, documents[DATE_COLUMN].tolist()):
        try:
            dates.append(parse_date(value))
        except ValueError:
            if strict:
                raise CorpusError(f"'published' is {value!r}, which is not a date", record=doc_id,
                                  hint="write dates as YYYY-MM-DD (optionally with a time, ISO 8601), "
                                       "or leave the value blank for an undated document") from None
            dates.append(None)
    return dates


def bucket_start(day: dt.date, unit: str) -> dt.date:
    """The first day of the bucket ``day`` falls in.

    Examples:
        >>> [str(bucket_start(dt.date(2022, 2, 24), u)) for u in TIME_UNITS]
        ['2022-02-24', '2022-02-21', '2022-02-01', '2022-01-01']
    """
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    raise ParameterError(f"time_unit must be one of {', '.join(TIME_UNITS)}, got {unit!r}")


def bucket_end(start: dt.date, unit: str) -> dt.date:
    """The first day after the bucket that starts on ``start``.

    Examples:
        >>> [str(bucket_end(dt.date(2022, 12, 1), u)) for u in ("day", "week", "month", "year")]
        ['2022-12-02', '2022-12-08', '2023-01-01', '2023-12-01']
    """
    if unit == "day":
        return start + dt.timedelta(days=1)
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "month":
        return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    if unit == "year":
        return start.replace(year=start.year + 1)
    raise ParameterError(f"time_unit must be one of {', '.join(TIME_UNITS)}, got {unit!r}")


def bucket_label(day: dt.date | None, unit: str) -> str:
    """The ``time_bucket`` label of a date (:data:`UNDATED` for ``None``).

    Examples:
        >>> [bucket_label(dt.date(2022, 2, 24), u) for u in TIME_UNITS] + [bucket_label(None, "day")]
        ['2022-02-24', '2022-02-21', '2022-02', '2022', '(undated)']
    """
    if day is None:
        return UNDATED
    start = bucket_start(day, unit)
    return {"day": start.isoformat(), "week": start.isoformat(), "month": start.isoformat()[:7],
            "year": start.isoformat()[:4]}[unit]


def period_of(day: dt.date | None, periods: list[Period]) -> str:
    """The period a date falls in; :data:`NO_PERIOD` when undated or outside every period.

    Examples:
        >>> ps = parse_periods({"before": [None, "2022-02-24"], "after": ["2022-02-24", "2022-03-01"]})
        >>> [period_of(d, ps) for d in (dt.date(2022, 2, 23), dt.date(2022, 2, 24), dt.date(2022, 3, 1), None)]
        ['before', 'after', '(none)', '(none)']
    """
    if day is None:
        return NO_PERIOD
    for period in periods:
        if period.contains(day):
            return period.name
    return NO_PERIOD


def add_time_columns(documents: pd.DataFrame, *, time_unit: str | None = None,
                     periods: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The document table with ``time_bucket`` (when ``time_unit`` is set) and ``period`` (when ``periods`` is).

    With neither set the table is returned as it is, and ``published`` is not read.

    Raises:
        CorpusError: A ``published`` value is not a date (naming the document and the value).
        ParameterError: ``time_unit`` is unknown, ``periods`` is malformed, or the corpus already has
            a ``time_bucket`` or ``period`` column the setting would overwrite.
    """
    if time_unit is None and periods is None:
        return documents
    if time_unit is not None and time_unit not in TIME_UNITS:
        raise ParameterError(f"time_unit must be one of {', '.join(TIME_UNITS)} or None, got {time_unit!r}")
    parsed = parse_periods(periods)
    for column, setting, wanted in ((BUCKET_COLUMN, "time_unit", time_unit), (PERIOD_COLUMN, "periods", periods)):
        if wanted is not None and column in documents.columns:
            raise ParameterError(f"the corpus already has a {column!r} column; {setting} would replace it. "
                                 f"Rename that column in the metadata, or leave {setting} unset")
    dates = document_dates(documents, strict=True)
    out = documents.copy()
    if time_unit is not None:
        out[BUCKET_COLUMN] = pd.array([bucket_label(d, time_unit) for d in dates], dtype="string")
    if periods is not None:
        out[PERIOD_COLUMN] = pd.array([period_of(d, parsed) for d in dates], dtype="string")
    return out


def period_counts(documents: pd.DataFrame, periods: Mapping[str, Any] | None) -> pd.DataFrame:
    """Documents per period, in time order (an open start first), then :data:`NO_PERIOD`.

    Columns ``period, start, end, n_documents`` (``start``/``end`` empty when open).

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a", "b", "c"], "period": ["after", "(none)", "after"]})
        >>> period_counts(docs, {"after": ["2022-02-24", None], "before": [None, "2022-02-24"]}).values.tolist()
        [['before', '', '2022-02-24', 0], ['after', '2022-02-24', '', 2], ['(none)', '', '', 1]]
    """
    rows = []
    counts = documents[PERIOD_COLUMN].astype(str).value_counts() if PERIOD_COLUMN in documents.columns else {}
    for p in sorted(parse_periods(periods), key=lambda p: p.start or dt.date.min):
        rows.append((p.name, p.start.isoformat() if p.start else "", p.end.isoformat() if p.end else "",
                     int(counts.get(p.name, 0))))
    rows.append((NO_PERIOD, "", "", int(counts.get(NO_PERIOD, 0))))
    return pd.DataFrame(rows, columns=["period", "start", "end", "n_documents"]).astype(
        {"period": "string", "start": "string", "end": "string", "n_documents": "int64"})


def volume_over_time(documents: pd.DataFrame, *, time_unit: str, groups: pd.Series | None = None,
                     moving_average_days: int = 0) -> pd.DataFrame:
    """Documents per time bucket and group, every bucket from the first date to the last (zeros included).

    Args:
        documents: The document table (dates from ``published``; undated documents are left out).
        time_unit: ``day``, ``week``, ``month`` or ``year``.
        groups: The group label of each document (aligned with ``documents``); ``None``: one group, ``all``.
        moving_average_days: When positive, ``moving_average`` is the mean number of the group's documents
            per day over the ``moving_average_days`` days that end on the bucket's last day (or on the last
            dated document, for the last bucket); otherwise it is empty (NaN).

    Returns:
        Columns ``group, time_bucket, bucket_start, n_documents, moving_average``, sorted by group then time.

    Raises:
        CorpusError: A ``published`` value is not a date.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": list("abcd"),
        ...                      "published": ["2022-01-30", "2022-01-31", "2022-03-02", None]})
        >>> table = volume_over_time(docs, time_unit="month", moving_average_days=2)
        >>> table[["time_bucket", "n_documents", "moving_average"]].values.tolist()
        [['2022-01', 2, 1.0], ['2022-02', 0, 0.0], ['2022-03', 1, 0.5]]
    """
    if time_unit not in TIME_UNITS:
        raise ParameterError(f"time_unit must be one of {', '.join(TIME_UNITS)}, got {time_unit!r}")
    if moving_average_days < 0:
        raise ParameterError(f"moving_average_days must be 0 (none) or a number of days, got {moving_average_days}")
    dates = document_dates(documents, strict=True)
    labels = ["all"] * len(documents) if groups is None else [str(g) for g in groups]
    dated = [(g, d) for g, d in zip(labels, dates) if d is not None]
    if not dated:
        return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in zip(
            VOLUME_COLUMNS, ("string", "string", "string", "int64", "float64"))})
    first, last = min(d for _, d in dated), max(d for _, d in dated)
    starts = []
    start = bucket_start(first, time_unit)
    while start <= last:
        starts.append(start)
        start = bucket_end(start, time_unit)
    n_days = (last - first).days + 1
    rows = []
    for group in sorted(set(g for g, _ in dated)):
        daily = np.zeros(n_days, dtype=np.int64)
        for g, d in dated:
            if g == group:
                daily[(d - first).days] += 1
        cumulative = np.concatenate([[0], np.cumsum(daily)])
        for start in starts:
            end = bucket_end(start, time_unit)
            lo, hi = max((start - first).days, 0), min((end - first).days, n_days)
            count = int(cumulative[hi] - cumulative[lo])
            average = math.nan
            if moving_average_days > 0:
                upto = hi  # exclusive index of the window's end
                average = float(cumulative[upto] - cumulative[max(upto - moving_average_days, 0)]) / moving_average_days
            rows.append((group, bucket_label(start, time_unit), start.isoformat(), count, average))
    return pd.DataFrame(rows, columns=list(VOLUME_COLUMNS)).astype(
        {"group": "string", BUCKET_COLUMN: "string", "bucket_start": "string", "n_documents": "int64",
         "moving_average": "float64"})


def dated_share(documents: pd.DataFrame) -> tuple[int, int]:
    """``(dated, total)``: how many documents have a readable date, of how many (never raises).

    Examples:
        >>> dated_share(pd.DataFrame({"doc_id": ["a", "b"], "published": ["2022-01-01", "soon"]}))
        (1, 2)
    """
    dates = document_dates(documents, strict=False)
    return sum(d is not None for d in dates), len(dates)


@dataclass(frozen=True)
class TimeOverview:
    """What the corpus notebook shows about time: sentences to print, and the tables (``None`` when not made)."""

    messages: tuple[str, ...]
    periods: pd.DataFrame | None
    volume: pd.DataFrame | None


def time_overview(documents: pd.DataFrame, *, time_unit: str | None, periods: Mapping[str, Any] | None,
                  group_by: Any = None, moving_average_days: int = 0) -> TimeOverview:
    """Dates, periods and volume over time, with a plain sentence for everything that cannot be shown.

    Args:
        documents: The document table of the documents stage (with ``time_bucket``/``period`` when set).
        time_unit: The ``time_unit`` setting; ``None`` makes no volume table.
        periods: The ``periods`` setting; ``None`` makes no period table.
        group_by: The ``group_by`` setting; the volume is counted per group (a column the documents lack
            is named in a message, and the volume is then counted over all documents).
        moving_average_days: The ``moving_average_days`` setting.

    Examples:
        >>> docs = pd.DataFrame({"doc_id": ["a"], "text": ["x"]})
        >>> print("\\n".join(time_overview(docs, time_unit="month", periods=None).messages))
        No document has a publication date ('published' is empty or missing), so nothing can be shown over time: no time buckets, no periods, no volume over time.
    """
    from analysis.corpus.groups import group_columns, group_labels

    messages: list[str] = []
    dated, total = dated_share(documents)
    if not dated:
        messages.append("No document has a publication date ('published' is empty or missing), so nothing can be "
                        "shown over time: no time buckets, no periods, no volume over time.")
    else:
        days = sorted(d for d in document_dates(documents, strict=False) if d is not None)
        messages.append(f"{dated} of {total} documents have a publication date, from {days[0]} to {days[-1]}.")
        if time_unit is None:
            messages.append("time_unit is None: set it to day, week, month or year to count documents over time.")
    period_table = None
    if periods is not None:
        period_table = period_counts(documents, periods)
        outside = int(period_table["n_documents"].iloc[-1])
        if outside:
            messages.append(f"{outside} of {total} documents {'is' if outside == 1 else 'are'} outside every period "
                            f"or undated: period {NO_PERIOD}.")
        else:
            messages.append(f"Every document falls in one of the {len(period_table) - 1} periods.")
    volume = None
    if time_unit is not None and dated:
        groups = None
        columns = group_columns(group_by)
        missing = [c for c in columns if c not in documents.columns or c == "text"]
        if missing:
            messages.append(f"group_by names {', '.join(map(repr, missing))}, which the documents lack: "
                            "the volume is counted over all documents.")
        elif columns:
            groups = group_labels(documents, columns)
        volume = volume_over_time(documents, time_unit=time_unit, groups=groups,
                                  moving_average_days=moving_average_days)
    return TimeOverview(tuple(messages), period_table, volume)


__all__ = ["TimeOverview", "time_overview", "TIME_UNITS", "BUCKET_COLUMN", "PERIOD_COLUMN", "NO_PERIOD", "UNDATED", "VOLUME_COLUMNS", "Period",
           "parse_periods", "periods_setting", "parse_date", "document_dates", "bucket_start", "bucket_end",
           "bucket_label", "period_of", "add_time_columns", "period_counts", "volume_over_time", "dated_share"]
