"""Time buckets, periods and volume over time (issue 9, item 1), with hand-computed values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus.groups import group_labels
from analysis.corpus.load import load_corpus
from analysis.corpus.time import (
    NO_PERIOD,
    UNDATED,
    add_time_columns,
    bucket_label,
    dated_share,
    parse_periods,
    period_counts,
    time_overview,
    volume_over_time,
)
from analysis.exceptions import CorpusError, ParameterError
from analysis.runner.settings import resolve_settings

LEADERS = Path(__file__).parents[1] / "fixtures" / "two_leaders.jsonl"
INVASION = {"before": [None, "2022-02-24"], "after": ["2022-02-24", None]}


@pytest.fixture(scope="module")
def leaders() -> pd.DataFrame:
    return load_corpus(LEADERS)


def test_periods_split_the_two_leaders_at_the_invasion(leaders):
    docs = add_time_columns(leaders, periods=INVASION)
    assert dict(zip(docs["doc_id"], docs["period"])) == {
        "k1": "before", "k2": "before", "k3": "after", "k4": "after", "k5": "after",
        "m1": "before", "m2": "before", "m3": "after", "m4": "after", "m5": NO_PERIOD}
    assert group_labels(docs, ["outlet", "period"]).tolist()[:3] == ["kyiv | before", "kyiv | before", "kyiv | after"]
    counts = period_counts(docs, INVASION)
    assert counts.values.tolist() == [["before", "", "2022-02-24", 4], ["after", "2022-02-24", "", 5],
                                      ["(none)", "", "", 1]]


def test_period_bounds_are_start_inclusive_and_end_exclusive():
    docs = pd.DataFrame({"doc_id": list("abcd"), "published": ["2022-01-31", "2022-02-01", "2022-02-28", "2022-03-01"]})
    out = add_time_columns(docs, periods={"feb": ["2022-02-01", "2022-03-01"]})
    assert out["period"].tolist() == [NO_PERIOD, "feb", "feb", NO_PERIOD]


@pytest.mark.parametrize("unit, labels", [
    ("day", ["2022-01-10", "2022-02-01", "2022-02-24", "2022-03-05", "2022-03-20"]),
    ("week", ["2022-01-10", "2022-01-31", "2022-02-21", "2022-02-28", "2022-03-14"]),  # Mondays
    ("month", ["2022-01", "2022-02", "2022-02", "2022-03", "2022-03"]),
    ("year", ["2022"] * 5),
])
def test_time_unit_gives_a_bucket_column(leaders, unit, labels):
    docs = add_time_columns(leaders, time_unit=unit)
    assert docs["time_bucket"].tolist()[:5] == labels
    assert docs.set_index("doc_id").loc["m5", "time_bucket"] == UNDATED


def test_without_time_settings_published_is_left_alone():
    docs = pd.DataFrame({"doc_id": ["a"], "published": ["next Tuesday"]})
    assert add_time_columns(docs) is docs
    assert dated_share(docs) == (0, 1)


@pytest.mark.parametrize("settings", [{"time_unit": "day"}, {"periods": INVASION}])
def test_a_published_value_that_is_not_a_date_names_the_document_and_value(settings):
    docs = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2022-01-01", "24/02/2022"]})
    with pytest.raises(CorpusError) as info:
        add_time_columns(docs, **settings)
    assert "record 'b'" in str(info.value) and "'24/02/2022'" in str(info.value)


def test_iso_datetimes_keep_their_written_date():
    docs = pd.DataFrame({"doc_id": ["a", "b"], "published": ["2022-02-23T23:59:00+03:00", "2022-02-24 00:00"]})
    assert add_time_columns(docs, periods=INVASION)["period"].tolist() == ["before", "after"]


@pytest.mark.parametrize("periods, words", [
    ({"a": [None, "2022-03-01"], "b": ["2022-02-01", None]}, "overlap"),
    ({"a": ["2022-01-01", "2022-03-01"], "b": ["2022-02-28", "2022-04-01"]}, "'a' [2022-01-01, 2022-03-01) and 'b'"),
    ({"a": [None, None], "b": ["2022-01-01", None]}, "overlap"),
    ({"a": ["2022-03-01", "2022-02-01"]}, "must come before the end"),
    ({"a": ["2022-03-01", "2022-03-01"]}, "must come before the end"),
    ({"a": ["2022-02-30", None]}, "the start of 'a' must be a date"),
    ({"a": [None, "March"]}, "the end of 'a' must be a date"),
    ({"a": ["2022-01-01"]}, "'a' must be [start, end]"),
    ({"a": "2022-01-01"}, "'a' must be [start, end]"),
    ({"(none)": [None, "2022-01-01"]}, "not a usable period name"),
    ({}, "periods must map"),
    (["2022-01-01", None], "periods must map"),
])
def test_malformed_periods_are_parameter_errors_naming_the_problem(periods, words):
    with pytest.raises(ParameterError) as info:
        parse_periods(periods)
    assert words in str(info.value)


def test_adjacent_periods_do_not_overlap():
    assert [p.name for p in parse_periods({"a": [None, "2022-02-24"], "b": ["2022-02-24", None]})] == ["a", "b"]


def test_settings_check_time_settings():
    resolved = resolve_settings({"periods": {"after": [dt.date(2022, 2, 24), None]}, "time_unit": "week",
                                 "group_by": ["outlet", "period"], "moving_average_days": 7})
    assert resolved["periods"] == {"after": ["2022-02-24", None]}  # YAML dates become text
    assert resolved["group_by"] == ["outlet", "period"]
    for bad in ({"time_unit": "fortnight"}, {"periods": {"a": [None, "2022-13-01"]}}, {"group_by": []},
                {"group_by": ["outlet", "outlet"]}, {"group_by": ["outlet", 3]}, {"moving_average_days": -1},
                {"periods": "before"}):
        with pytest.raises(ParameterError):
            resolve_settings(bad)


def test_a_corpus_column_the_setting_would_replace_is_an_error():
    docs = pd.DataFrame({"doc_id": ["a"], "published": ["2022-01-01"], "period": ["mine"]})
    with pytest.raises(ParameterError, match="already has a 'period' column"):
        add_time_columns(docs, periods=INVASION)
    assert add_time_columns(docs, time_unit="year")["period"].tolist() == ["mine"]


def test_unknown_column_in_a_group_by_list_is_named(leaders):
    docs = add_time_columns(leaders, periods=INVASION)
    with pytest.raises(KeyError, match="cannot group by 'desk'"):
        group_labels(docs, ["outlet", "desk"])


def test_volume_over_time_by_month_and_outlet_with_moving_average(leaders):
    table = volume_over_time(leaders, time_unit="month", groups=leaders["outlet"], moving_average_days=31)
    rows = table[["group", "time_bucket", "n_documents"]].values.tolist()
    assert rows == [["kyiv", "2022-01", 1], ["kyiv", "2022-02", 2], ["kyiv", "2022-03", 2],
                    ["moscow", "2022-01", 1], ["moscow", "2022-02", 2], ["moscow", "2022-03", 1]]
    # 31 days ending on the bucket's last day, by hand: January ends 31 Jan (k1): 1/31; February's window
    # 29 Jan - 28 Feb holds k2, k3: 2/31; March's window ends on the last dated day, 20 March:
    # 18 Feb - 20 Mar holds k3, k4, k5: 3/31.
    kyiv = table[table["group"] == "kyiv"]["moving_average"].tolist()
    assert kyiv == pytest.approx([1 / 31, 2 / 31, 3 / 31])
    assert table["bucket_start"].tolist()[:3] == ["2022-01-01", "2022-02-01", "2022-03-01"]


def test_volume_over_time_fills_empty_buckets_and_leaves_out_undated(leaders):
    table = volume_over_time(leaders, time_unit="week")
    assert table["n_documents"].sum() == 9  # m5 has no date
    assert len(table) == 10  # the Mondays from 10 January to 14 March 2022
    assert table["n_documents"].tolist() == [2, 0, 0, 1, 1, 0, 2, 1, 1, 1]
    assert table["moving_average"].isna().all()


def test_volume_over_time_without_dates_is_empty():
    docs = pd.DataFrame({"doc_id": ["a"], "published": [None]})
    assert volume_over_time(docs, time_unit="day").empty


def test_bucket_labels_sort_in_time_order():
    days = [dt.date(2021, 12, 31), dt.date(2022, 1, 1), dt.date(2022, 10, 3)]
    for unit in ("day", "week", "month", "year"):
        labels = [bucket_label(d, unit) for d in days]
        assert labels == sorted(labels)


def test_time_overview_says_what_it_cannot_show():
    undated = pd.DataFrame({"doc_id": ["a"], "text": ["x"], "outlet": ["X"]})
    view = time_overview(undated, time_unit="month", periods=None, group_by="outlet")
    assert view.volume is None and view.periods is None
    assert view.messages[0].startswith("No document has a publication date")


def test_time_overview_of_the_two_leaders(leaders):
    docs = add_time_columns(leaders, time_unit="month", periods=INVASION)
    view = time_overview(docs, time_unit="month", periods=INVASION, group_by=["outlet"], moving_average_days=0)
    assert view.messages == ("9 of 10 documents have a publication date, from 2022-01-10 to 2022-03-20.",
                             "1 of 10 documents is outside every period or undated: period (none).")
    assert view.volume["n_documents"].tolist() == [1, 2, 2, 1, 2, 1]
    lacking = time_overview(docs, time_unit=None, periods=None, group_by="desk")
    assert lacking.volume is None and "time_unit is None" in lacking.messages[1]
    named = time_overview(docs, time_unit="year", periods=None, group_by=["outlet", "desk"])
    assert "group_by names 'desk'" in named.messages[1] and named.volume["group"].tolist() == ["all"]


def test_period_table_is_in_time_order_whatever_the_order_given(leaders):
    reordered = {"after": ["2022-02-24", None], "before": [None, "2022-02-24"]}
    docs = add_time_columns(leaders, periods=reordered)
    assert period_counts(docs, reordered)["period"].tolist() == ["before", "after", "(none)"]


def test_grouping_by_period_without_periods_says_how_to_add_it(leaders):
    with pytest.raises(KeyError, match="cannot group by 'period'.*set periods to add it"):
        group_labels(leaders, ["outlet", "period"])
