"""Independent series in the ledger (General Staff totals, Oryx counts): methods of ``Ledger``.

The importers (``counterclaim.series``) write through ``add_series``; the comparison, the
chart, the checks and the web pages read through the rest. Point look-ups go through the
``series_points`` primary key ``(series, metric, subject_side, date)`` or its
``(metric, subject_side, date)`` index.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Iterator, Optional

from counterclaim.records import SeriesPoint


def _point(r: dict) -> SeriesPoint:
    return SeriesPoint(r["series"], r["metric"], r["subject_side"], r["date"], r["value"])


class SeriesStore:
    """Mixed into ``Ledger`` (``self.query`` streams dicts, ``self._conn`` writes inside a transaction)."""

    # -- writing -------------------------------------------------------------------------------
    def add_series(self, series: str, points: Iterable[SeriesPoint], source: str = "", licence: str = "",
                   path: str = "", metrics: Optional[Iterable[str]] = None) -> int:
        """Replace an independent series with new points, in one transaction; points stored.

        With ``metrics`` only the points of those metrics are replaced, so a dataset that comes
        in several files (the General Staff's personnel and equipment) keeps every file's points.
        """
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.transaction():
            self._conn.execute("INSERT OR REPLACE INTO series(series, source, licence, path, imported_at) "
                               "VALUES (?, ?, ?, ?, ?)", (series, source, licence, path, now))
            if metrics is None:
                self._conn.execute("DELETE FROM series_points WHERE series = ?", (series,))
            else:
                for m in sorted(set(metrics)):
                    self._conn.execute("DELETE FROM series_points WHERE series = ? AND metric = ?", (series, m))
            return self._conn.executemany(
                "INSERT OR REPLACE INTO series_points(series, metric, subject_side, date, value) VALUES (?, ?, ?, ?, ?)",
                ((series, p.metric, p.subject_side, p.date, p.value) for p in points)).rowcount

    def add_source(self, name: str, url: str = "", licence: str = "") -> None:
        """Record (or replace) a source with its address and licence, to be credited."""
        with self.transaction():
            self._conn.execute("INSERT OR REPLACE INTO sources(name, url, licence) VALUES (?, ?, ?)",
                               (name, url, licence))

    # -- the series themselves -----------------------------------------------------------------
    def series_info(self, series: str) -> Optional[dict]:
        """``source`` and ``licence`` of an imported series, or None."""
        return self.query_one("SELECT source, licence FROM series WHERE series = ?", (series,))

    def has_series(self) -> bool:
        return bool(self.scalar("SELECT count(*) FROM series"))

    def series_sources(self) -> list[dict]:
        """Every imported series with its source, licence and import time, by name."""
        return list(self.query("SELECT series, source, licence, imported_at FROM series ORDER BY series"))

    def series_licences(self) -> dict[str, Optional[str]]:
        """Each imported series' licence (to credit under a chart)."""
        return {r["series"]: r["licence"] for r in self.query("SELECT series, licence FROM series")}

    def series_list(self) -> list[dict]:
        """Every series (imported, or with points only) with its metrics, sides, point counts and dates."""
        rows = list(self.query("SELECT series, source, licence, imported_at FROM series ORDER BY series"))
        known = {r["series"] for r in rows}
        for name in [r["series"] for r in self.query("SELECT DISTINCT series FROM series_points")]:
            if name not in known:
                rows.append({"series": name, "source": None, "licence": None, "imported_at": None})
        for r in rows:
            r["metrics"] = list(self.query(
                "SELECT metric, subject_side, count(*) AS points, min(date) AS first, max(date) AS last "
                "FROM series_points WHERE series = ? GROUP BY metric, subject_side", (r["series"],)))
        return rows

    def series_names(self, metric: str, subject_side: str) -> list[str]:
        """The series with points of a metric and side, by name."""
        return [r["series"] for r in self.query(
            "SELECT DISTINCT series FROM series_points WHERE metric = ? AND subject_side = ? ORDER BY series",
            (metric, subject_side))]

    def series_metrics(self, series: Optional[str] = None, prefix: Optional[str] = None) -> list[str]:
        """The metrics that have points (of one series; starting with ``prefix``), by name."""
        if series is None:
            return [r["metric"] for r in self.query("SELECT DISTINCT metric FROM series_points ORDER BY metric")]
        return [r["metric"] for r in self.query(
            "SELECT DISTINCT metric FROM series_points WHERE series = ? AND metric LIKE ? ORDER BY metric",
            (series, (prefix or "") + "%"))]

    # -- points --------------------------------------------------------------------------------
    def series_points(self, metric: str, subject_side: str, series: Optional[str] = None,
                      date_from: Optional[str] = None, date_to: Optional[str] = None) -> Iterator[SeriesPoint]:
        sql = "SELECT * FROM series_points WHERE metric = ? AND subject_side = ?"
        params: list = [metric, subject_side]
        for cond, val in (("series = ?", series), ("date >= ?", date_from), ("date <= ?", date_to)):
            if val:
                sql += " AND " + cond
                params.append(val)
        for r in self.query(sql + " ORDER BY series, date", params):
            yield _point(r)

    def series_values(self, series: str, metric: str, subject_side: str) -> Iterator[dict]:
        """(date, value) rows of one series, metric and side, by date (rows: a ratio samples thousands)."""
        return self.query("SELECT date, value FROM series_points WHERE series = ? AND metric = ? AND "
                          "subject_side = ? ORDER BY date", (series, metric, subject_side))

    def series_points_of(self, series: str) -> Iterator[SeriesPoint]:
        """Every point of one series, by metric, side and date."""
        for r in self.query("SELECT series, metric, subject_side, date, value FROM series_points WHERE series = ? "
                            "ORDER BY metric, subject_side, date", (series,)):
            yield _point(r)

    def series_point(self, series: str, metric: str, subject_side: str, date: str) -> Optional[SeriesPoint]:
        """The point of one day, or None."""
        r = self.query_one("SELECT series, metric, subject_side, date, value FROM series_points WHERE series = ? "
                           "AND metric = ? AND subject_side = ? AND date = ?", (series, metric, subject_side, date))
        return _point(r) if r else None

    def series_point_before(self, series: str, metric: str, subject_side: str, date: str) -> Optional[dict]:
        """The last point on or before ``date`` (``series``, ``subject_side``, ``date``, ``value``), or None.

        A row, not a ``SeriesPoint``: ``compare`` asks this for every claim it covers.
        """
        return self.query_one("SELECT series, subject_side, date, value FROM series_points WHERE series = ? "
                              "AND metric = ? AND subject_side = ? AND date <= ? ORDER BY date DESC LIMIT 1",
                              (series, metric, subject_side, date))

    def series_on(self, metric: Optional[str], subject_side: Optional[str], date: Optional[str]) -> list[dict]:
        """Each series' value for a metric and side on a date (its last point on or before it)."""
        if not metric or not date or len(date) < 10:
            return []
        sides = [subject_side] if subject_side else [r["subject_side"] for r in self.query(
            "SELECT DISTINCT subject_side FROM series_points WHERE metric = ?", (metric,))]
        out = []
        for side in sides:
            names = [r["series"] for r in self.query(
                "SELECT DISTINCT series FROM series_points WHERE metric = ? AND subject_side = ?", (metric, side))]
            for name in names:
                row = self.series_point_before(name, metric, side, date[:10])
                if row:
                    out.append(row)
        return out

    def series_point_rows(self, series: Optional[str], metric: Optional[str], subject_side: Optional[str] = None,
                          date_from: Optional[str] = None, date_to: Optional[str] = None,
                          limit: int = 100_000) -> list[dict]:
        """Points as rows, any of series, metric and side (``date_to`` at any precision)."""
        where, args = [], []
        for col, v in (("series", series), ("metric", metric), ("subject_side", subject_side)):
            if v:
                where.append("%s = ?" % col)
                args.append(v)
        if date_from:
            where.append("date >= ?")
            args.append(date_from)
        if date_to:
            where.append("date <= ?")
            args.append(date_to + "\uffff")
        sql = "SELECT series, metric, subject_side, date, value FROM series_points %s ORDER BY series, date LIMIT ?" % (
            ("WHERE " + " AND ".join(where)) if where else "")
        return list(self.query(sql, args + [limit]))

    def series_lines(self, metric: str, subject_side: Optional[str] = None, date_from: Optional[str] = None,
                     date_to: Optional[str] = None) -> Iterator[dict]:
        """(series, date, value) rows of a metric for a chart, by series and date; corrections left out."""
        sql = "SELECT series, date, value FROM series_points WHERE metric = ? AND series NOT LIKE '%.corrections'"
        params: list = [metric]
        if subject_side:
            sql += " AND subject_side = ?"
            params.append(subject_side)
        for cond, v in ((" AND date >= ?", date_from), (" AND date <= ?", date_to)):
            if v:
                sql += cond
                params.append(v)
        return self.query(sql + " ORDER BY series, date", params)
