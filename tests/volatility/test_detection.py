"""Surges judged from hand-built arrivals: the usual from past weeks, its floor, adjacent buckets."""

import pytest
from django.test import override_settings

from tests.volatility.conftest import arrive, at
from volatility.detection import BUCKET, WEEK, judge, surge_runs

pytestmark = pytest.mark.django_db

SLOT = at("2026-11-30 10:00")  # a Monday


def test_the_usual_is_the_median_of_the_same_slot_in_past_weeks_so_one_old_surge_does_not_raise_it():
    for weeks_ago, count in ((1, 3), (2, 5), (3, 4), (4, 100)):
        arrive(SLOT - weeks_ago * WEEK, count)
    arrive(SLOT - WEEK + BUCKET, 50)  # last week's next slot: another slot's usual
    arrive(SLOT, 14)
    [bucket] = judge(SLOT, SLOT + BUCKET)
    assert (bucket.arrivals, bucket.usual) == (14, 4.5)  # median of 3, 4, 5, 100
    assert bucket.is_surge  # 14 >= 3 x 4.5
    assert bucket.ratio == pytest.approx(14 / 4.5)


def test_arrivals_just_under_the_multiple_of_the_usual_are_not_a_surge():
    for weeks_ago in (1, 2, 3, 4):
        arrive(SLOT - weeks_ago * WEEK, 5)
    arrive(SLOT, 14)
    [bucket] = judge(SLOT, SLOT + BUCKET)
    assert bucket.usual == 5.0
    assert not bucket.is_surge  # 14 < 15


def test_weeks_without_a_ticket_count_as_zero():
    arrive(SLOT - WEEK, 20)  # only last week had arrivals in this slot
    arrive(SLOT, 12)
    [bucket] = judge(SLOT, SLOT + BUCKET)
    assert bucket.usual == 0.0  # median of 20, 0, 0, 0
    assert bucket.is_surge


@override_settings(VOLATILITY_MIN_ARRIVALS=1)
def test_the_floor_keeps_a_quiet_slot_from_flagging_two_arrivals():
    arrive(SLOT, 2)
    arrive(SLOT + BUCKET, 6)
    first, second = judge(SLOT, SLOT + 2 * BUCKET)
    assert first.usual == second.usual == 0.0
    assert not first.is_surge  # 2 < 3 x floor 2
    assert second.is_surge


def test_a_spike_in_a_quiet_slot_is_a_surge_once_it_reaches_the_minimum_count():
    arrive(SLOT, 9)
    arrive(SLOT + BUCKET, 12)
    quiet, spike = judge(SLOT, SLOT + 2 * BUCKET)
    assert not quiet.is_surge  # 9 >= 3 x floor, but under the minimum of 10
    assert spike.is_surge
    assert spike.ratio == 6.0  # 12 over the floor of 2


@override_settings(VOLATILITY_SURGE_MULTIPLE=5)
def test_the_multiple_is_a_setting():
    for weeks_ago in (1, 2, 3, 4):
        arrive(SLOT - weeks_ago * WEEK, 4)
    arrive(SLOT, 19)
    [bucket] = judge(SLOT, SLOT + BUCKET)
    assert not bucket.is_surge  # 19 < 5 x 4


def test_adjacent_surge_buckets_merge_and_a_quiet_bucket_splits_them():
    for quarter, count in enumerate((15, 30, 0, 12, 2)):
        arrive(SLOT + quarter * BUCKET, count)
    runs = surge_runs(judge(SLOT, SLOT + 5 * BUCKET))
    assert [(r.start, r.end, r.arrivals, r.peak.arrivals) for r in runs] == [
        (SLOT, SLOT + 2 * BUCKET, 45, 30),
        (SLOT + 3 * BUCKET, SLOT + 4 * BUCKET, 12, 12),
    ]


def test_buckets_are_half_open_quarter_hours():
    arrive(SLOT + BUCKET, 12)  # 10:15:00 belongs to the second bucket
    first, second = judge(SLOT, SLOT + 2 * BUCKET)
    assert (first.arrivals, second.arrivals) == (0, 12)


def test_a_day_of_buckets_and_their_history_is_judged_in_one_statement(django_assert_num_queries):
    arrive(SLOT, 12)
    arrive(SLOT - 3 * WEEK, 1)
    with django_assert_num_queries(1):
        judged = judge(SLOT - 96 * BUCKET, SLOT + BUCKET)
    assert len(judged) == 97 and judged[-1].arrivals == 12
