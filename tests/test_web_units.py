"""Pieces of the web UI that need no server: highlighting segments, chart geometry, CSRF tokens,
parameter checks, and the ``serve`` command's wiring."""
from __future__ import annotations

import datetime as dt

import pytest

from counterclaim.web import chart
from counterclaim.web.csrf import Csrf
from counterclaim.web.markup import Span, segments, spans_of, window
from counterclaim.web.params import BadParam, check_id, parse_filters, parse_query


def test_segments_cover_text_once_and_nest():
    text = "abcdefghij"
    segs = segments(text, [Span(2, 8, "outer", "reported"), Span(4, 6, "inner", "opinion")])
    assert "".join(s.text for s in segs) == text
    assert [(s.text, s.claim_ids) for s in segs] == [("ab", ""), ("cd", "outer"), ("ef", "outer inner"),
                                                    ("gh", "outer"), ("ij", "")]
    assert segs[2].kind == "opinion"                     # the innermost claim gives the colour
    assert segs[1].first_of == ("outer",) and segs[2].first_of == ("inner",)


def test_segments_window_clips_and_drops_bad_spans():
    text = "0123456789"
    segs = segments(text, [Span(0, 5, "a"), Span(7, 20, "b"), Span(6, 6, "empty"), Span(9, 3, "reversed")], 3, 9)
    assert "".join(s.text for s in segs) == "345678"
    assert [(s.text, s.claim_ids) for s in segs] == [("34", "a"), ("56", ""), ("78", "b")]
    assert segments("", []) == [] and segments("abc", [Span(5, 9, "x")])[0].text == "abc"


def test_spans_of_rows_and_window():
    rows = [{"claim_id": "c1", "span_start": 1, "span_end": 3, "kind": "question"},
            {"claim_id": "c2", "span_start": None, "span_end": 3}, {"claim_id": "c3", "span_start": 5, "span_end": 2}]
    assert spans_of(rows) == [Span(1, 3, "c1", "question")]
    text = "one two three four five six seven"
    a, b = window(text, 8, 13, context=5)
    assert text[a:b].startswith(("two", "three")) and text[a:b].endswith(("four", "three"))
    assert 8 >= a and b >= 13


def test_chart_places_points_and_lines():
    claims = [{"claim_id": "c1", "date": "2025-04-01", "low": 100, "high": 100, "claimant": "a", "quote": "q1"},
              {"claim_id": "c2", "date": "2025-05", "low": 200, "high": 300, "claimant": "b", "quote": "q2"},
              {"claim_id": "c3", "date": None, "low": 5, "high": 5, "claimant": "a", "quote": "undated"},
              {"claim_id": "c4", "date": "2025-04-10", "low": None, "high": None, "claimant": "a", "quote": "no value"}]
    c = chart.build(claims, {"genstaff": [("2025-04-01", 150), ("2025-05-01", 250), ("bad", 1)]})
    assert [p.claim_id for p in c.points] == ["c1", "c2"]
    p1, p2 = c.points
    assert p1.x < p2.x and p1.y > p2.y                   # later and larger: right and up
    assert p2.y_low > p2.y > p2.y_high                   # a range is a bar around its middle
    assert p2.value == 250 and p2.date == "2025-05-01"
    assert c.left <= p1.x <= c.right and c.top <= p2.y <= c.bottom
    assert len(c.lines) == 1 and len(c.lines[0].points) == 2
    assert [(w, label) for _, label, w in c.legend] == [("claims", "a"), ("claims", "b"), ("series", "genstaff")]
    assert c.y_ticks[0][1] == "0" and c.x_ticks
    assert chart.build([], {}).empty


@pytest.mark.parametrize("value,expected", [("2025", "2025-01-01"), ("2025-04", "2025-04-01"),
                                            ("2025-04-26T10:00:00", "2025-04-26"), ("2025-13", None), ("x", None)])
def test_parse_date(value, expected):
    d = chart.parse_date(value)
    assert (d.isoformat() if d else None) == expected


def test_csrf_tokens_are_signed_and_checked():
    a, b = Csrf(b"one"), Csrf(b"two")
    token, cookie = a.issue()
    assert a.check(cookie, token)
    assert not a.check(cookie, token + "x") and not a.check(None, token) and not a.check(cookie, None)
    assert not b.check(cookie, token)                    # another server's secret
    forged = "attacker.%s" % cookie.rpartition(".")[2]
    assert not a.check(forged, "attacker")
    assert a.issue(cookie)[0] == token                   # a valid cookie keeps its token
    assert a.issue("garbage")[0] != token
    assert not a.check("\u00e9.\u00e9", "\u00e9")


def test_params_accept_good_values_and_name_bad_ones():
    f = parse_filters({"metric": "equipment", "side": "ua", "date_from": "2025-04", "min_value": "1,000",
                       "search": "  tanks  "})
    assert f["metric"] == "equipment" and f["side"] == "UA" and f["min_value"] == 1000 and f["search"] == "tanks"
    q = parse_query({"page": "3", "per_page": "20", "sort": "-value"})
    assert (q.offset, q.limit, q.page) == (40, 20, 3)
    assert q.params(page=4) == {"sort": "-value", "per_page": 20, "page": 4}
    with pytest.raises(BadParam) as e:
        parse_filters({"date_to": "2025-02-30x"})
    assert e.value.name == "date_to" and "YYYY" in str(e.value)
    with pytest.raises(BadParam):
        check_id("claim_id", "c_1/../../etc")
    assert check_id("claim_id", "c_abc") == "c_abc"


def test_serve_command_binds_loopback_and_passes_options(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import uvicorn
    from counterclaim.cli import main
    from counterclaim.ledger import Ledger

    Ledger(tmp_path / "l.db").close()
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "l.db"), "--read-only", "--port", "9000"])
    assert r.exit_code == 0, r.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 9000 and seen["app"].state.read_only is True
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db"), "--read-only"])
    assert r.exit_code == 1 and "none.db" in r.output


def test_chart_log_scale():
    claims = [{"claim_id": "c%d" % i, "date": "2025-04-%02d" % (i + 1), "low": v, "high": v, "claimant": "a",
               "quote": ""} for i, v in enumerate((10, 100, 1000, 10000))]
    c = chart.build(claims, {}, log=True)
    ys = [p.y for p in c.points]
    gaps = [round(a - b, 1) for a, b in zip(ys, ys[1:])]
    assert len(set(gaps)) == 1 and gaps[0] > 0             # each tenfold is the same height
    assert [label for _, label in c.y_ticks] == ["1", "10", "100", "1,000", "10,000"]


def test_chart_ticks_short_and_long_spans():
    short = chart.build([{"claim_id": "a", "date": "2025-05-11", "low": 1, "claimant": "x"},
                         {"claim_id": "b", "date": "2025-05-18", "low": 2, "claimant": "x"}], {})
    assert [label for _, label in short.x_ticks][:2] == ["2025-05-11", "2025-05-12"]
    long = chart.build([{"claim_id": "a", "date": "2022-02-24", "low": 1, "claimant": "x"},
                        {"claim_id": "b", "date": "2025-05-18", "low": 2, "claimant": "x"}], {})
    labels = [label for _, label in long.x_ticks]
    assert 2 <= len(labels) <= 9 and all(len(x) in (4, 7) for x in labels)
    xs = [x for x, _ in long.x_ticks]
    assert xs == sorted(xs) and long.left <= xs[0] and xs[-1] <= long.right


def test_chart_ticks_short_for_large_round_values_and_fitted_axis():
    assert [chart.fmt_tick(v) for v in (940_000, 1_000_000, 1_250_000, 18_250, 10_000, 0)] == [
        "940k", "1M", "1.25M", "18,250", "10,000", "0"]
    claims = [{"claim_id": "a", "date": "2025-05-11", "low": 968_340, "claimant": "x"},
              {"claim_id": "b", "date": "2025-05-12", "low": 969_580, "claimant": "x"}]
    fitted = chart.build(claims, {"genstaff": [("2025-05-11", 965_890)]}, fit=True)
    assert float(fitted.y_ticks[0][1].rstrip("k")) * 1000 > 900_000   # the axis does not start at zero
    assert abs(fitted.points[0].y - fitted.points[1].y) > 10           # a gap of 1,240 shows
    zero_based = chart.build(claims, {}, fit=False)
    assert zero_based.y_ticks[0][1] == "0"


def test_chart_zoom_and_shared_colours():
    claims = [{"claim_id": "c%d" % d, "date": "2025-05-%02d" % d, "low": d, "claimant": "x" if d % 2 else "y"}
              for d in range(1, 29)]
    z = chart.build(claims, {}, date_range=(dt.date(2025, 5, 10), dt.date(2025, 5, 12)))
    assert [p.claim_id for p in z.points] == ["c10", "c11", "c12"] and z.outside == 25
    colours = chart.colour_map(["y", "x"])
    a = chart.build(claims[:1], {}, colours=colours)       # only "x" here: still the colour it has elsewhere
    assert a.points[0].colour == colours["x"] == 1
