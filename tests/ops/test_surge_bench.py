"""The surge benchmark's arithmetic on fixed input: what it calls lost, doubled, saturated."""

from bench.surge_report import (
    Phase,
    Resource,
    bucket_percentile,
    bucket_rates,
    delivery_check,
    first_saturated,
    message_check,
    percentile,
    phase_of,
    svg_chart,
    wait_summary,
)


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([3.0], 99) == 3.0
    assert percentile([], 50) is None


def test_a_message_is_lost_when_not_stored_and_doubled_when_stored_twice():
    sent = {"v1-1": 1, "v1-2": 2, "a1-1": 1, "v2-1": 1}
    stored = {"v1-1": 1, "v1-2": 1, "a1-1": 2, "incident-update-1": 3}
    check = message_check(sent, stored, acked={"v1-1", "v1-2", "a1-1"})
    assert (check["sent"], check["resent"], check["stored"]) == (4, 1, 3)
    assert (check["lost"], check["lost_after_ack"], check["never_acked"]) == (1, 0, 1)
    assert check["doubled"] == 1
    assert check["lost_examples"] == ["v2-1"]
    assert check["doubled_examples"] == ["a1-1"]


def test_an_acknowledged_message_missing_from_the_timeline_is_a_loss_after_ack():
    check = message_check({"v1-1": 1}, {}, acked={"v1-1"})
    assert check["lost_after_ack"] == 1


def test_delivery_counts_missing_and_repeated_seqs():
    expected = {7: {1, 2, 3}, 8: {1}}
    seen = {7: {1: 1, 3: 2}, 8: {1: 1}}
    assert delivery_check(expected, seen) == {"expected": 4, "missing": 1, "doubled": 1}


def test_the_first_resource_to_saturate_needs_a_run_of_samples():
    samples = [
        {"t": 0, "cpu ws": 190, "agent seats": 10},
        {"t": 3, "cpu ws": 100, "agent seats": 36},  # breaks the ws run
        {"t": 6, "cpu ws": 185, "agent seats": 36},
        {"t": 9, "cpu ws": 190, "agent seats": 35},
        {"t": 12, "cpu ws": 195, "agent seats": 36},
    ]
    found = first_saturated(samples, [Resource("cpu ws", 200), Resource("agent seats", 36)], share=0.9, run=3)
    assert [(f["resource"], f["at_s"]) for f in found] == [("agent seats", 9), ("cpu ws", 12)]
    assert first_saturated(samples, [Resource("cpu ws", 1000)]) == []


def test_waits_report_the_chats_never_offered():
    summary = wait_summary([1.0, 2.0, 30.0], never=4)
    assert summary == {"count": 3, "never": 4, "p50_s": 2.0, "p99_s": 30.0, "max_s": 30.0}
    assert wait_summary([], never=0)["p50_s"] is None


def test_buckets_and_phases():
    assert bucket_rates([0.5, 1.0, 10.5, 25.0], width=10, end=30) == [12.0, 6.0, 6.0]
    assert bucket_percentile([(1, 5.0), (2, 7.0), (21, 1.0)], width=10, end=30, p=50) == [5.0, None, 1.0]
    phases = [Phase("normal", 0, 60), Phase("surge", 60, 120)]
    assert phase_of(phases, 59.9) == "normal"
    assert phase_of(phases, 60) == "surge"
    assert phase_of(phases, 120) is None


def test_the_chart_is_one_svg_with_a_line_per_series():
    svg = svg_chart(
        title="night <1>",
        end=120,
        phases=[Phase("normal", 0, 60), Phase("surge", 60, 120)],
        panels=[("Queue", "count", {"waiting": [(0, 0), (60, 5), (90, None), (120, 2)]})],
    )
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "night &lt;1&gt;" in svg
    assert svg.count("<polyline") == 1  # the gap at 90 s leaves one line and one lone point
    assert svg.count("<circle") == 1
