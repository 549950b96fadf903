"""Who said it, as one identity per claimant, and the track records: methods of ``Ledger``.

A claimant's identity (the ``claims.claimant_id`` column) is its registry key when it has
one (``ua.general_staff``, ``user:name``), else ``n:`` and a *name key*: the words used,
with titles and roles stripped ("Governor Oleh Syniehubov", "regional governor Oleh
Syniehubov" and "The governor of Kharkiv region, Oleh Syniehubov" are all
``n:oleh syniehubov``), case folded. Within one ledger a bare surname ("Syniehubov") is
the same person as the one full name ending in it (``merge_aliases``).

Every name a claimant was written with is kept in ``claimant_names`` (a trigger fills it),
so a filter matches a claimant by any part of any of its names, case-insensitively,
without reading the claims (see ``claimant_condition``). The counts of the track records
(claims, metrics, dates, relations by type) are SQL here; what they mean against the
series is ``counterclaim.link.track``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Optional, Sequence

#: words of a title or role written before a person's name (English, Ukrainian, Russian); their modifiers
#: ("Defence", "regional", "deputy") need no entry: the title after them is found all the same
TITLES = frozenset("""
governor president minister mayor spokesman spokeswoman spokesperson general lieutenant lt colonel col
major maj captain capt commander chief head mr mrs ms dr prof professor senator sen representative
secretary ambassador adviser advisor official officer sergeant sgt commissioner ombudsman ombudswoman
director chairman chairwoman chair speaker leader marshal admiral lieutenant-general major-general
colonel-general brigadier analyst journalist correspondent blogger
губернатор голова президент міністр министр мер генерал полковник речник речниця представник пресс-секретарь
прессекретарь глава начальник командувач командующий заступник заместитель очільник керівник руководитель
омбудсман уповноважений уповноважена уполномоченный депутат посол радник советник губернатора
""".split())
#: words that make a capitalised phrase a body, not a person ("General Staff", "Air Force")
BODY_WORDS = frozenset("""
staff ministry command force forces administration council service services directorate office headquarters
department army guard intelligence committee agency government center centre institute navy fleet police
brigade regiment battalion division corps group hq mod
штаб міністерство министерство командування командование сили силы адміністрація администрация служба
розвідка разведка уряд правительство
""".split())
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_EDGE = re.compile(r"^[^\w']+|[^\w']+$")
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)
_KEY = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+|user:\S+")


def _word(w: str) -> str:
    return _EDGE.sub("", w).casefold()


def _capitalised(w: str) -> bool:
    w = _EDGE.sub("", w)
    return bool(w) and w[0].isupper()


def _is_name(words: Sequence[str]) -> bool:
    """1–4 capitalised words, none a title or a body word: a person's name."""
    if not 1 <= len(words) <= 4:
        return False
    return all(_capitalised(w) and _word(w) not in TITLES and _word(w) not in BODY_WORDS for w in words)


def _after_title(text: str) -> str:
    """The name after the title words ("Kharkiv governor Oleh Syniehubov" -> "Oleh Syniehubov")."""
    words = text.split()
    for i, w in enumerate(words[:-1]):
        if _word(w) in TITLES and _is_name(words[i + 1:]):
            return " ".join(words[i + 1:])
    return text


def person_name(text: str) -> str:
    """The words that name a claimant, without its titles and roles (the words themselves when none)."""
    t = " ".join(unicodedata.normalize("NFC", text).translate(_APOSTROPHES).split())
    segments = [s.strip() for s in t.split(",") if s.strip()]
    if len(segments) > 1:     # "The governor of Dnipropetrovsk region, Serhiy Lysak"
        names = [_after_title(s) for s in segments]
        names = [n for n in names if _is_name(n.split())]
        if len(names) == 1:
            return names[0]
    return _after_title(t)


def name_key(text: Optional[str]) -> str:
    """A claimant's words as a key: titles stripped, case folded, spaces collapsed ("" for none)."""
    if not text:
        return ""
    name = person_name(text)
    key = " ".join(_EDGE.sub("", w) for w in name.casefold().split())
    key = " ".join(key.split())
    stripped = _ARTICLE.sub("", key)
    return stripped or key


def claimant_identity(key: Optional[str], text: Optional[str]) -> Optional[str]:
    """The ``claimant_id`` of a claim: its registry key, else ``n:`` + the name key, else None.

    A document's own author (``author``) is a person like any other: named by its words.
    """
    if key and key != "author":
        return key
    nk = name_key(text)
    return "n:" + nk if nk else None


def is_registry_key(value: str) -> bool:
    """Whether a filter value is written as a registry key (``ua.general_staff``, ``user:name``)."""
    return bool(_KEY.fullmatch(value))


def claimant_condition(value: str, column: str = "c.claimant_id") -> tuple[str, list]:
    """SQL condition (and its parameters) matching a claimant by key, identity or any part of a name.

    A registry key matches that key; anything else matches every claimant one of whose names
    (or whose identity) contains it, case-insensitively, plus the identity itself and, for a
    full name, the bare surname that ``merge_aliases`` counts as the same person.
    """
    exact = [value]
    needle = value[2:] if value.startswith("n:") else value
    nk = name_key(needle) or needle.casefold()
    if value.startswith("n:") and " " in nk:
        exact.append("n:" + nk.rsplit(" ", 1)[1])
    folded = needle.casefold()
    sql = ("%s IN (SELECT %s UNION SELECT claimant_id FROM claimant_names WHERE instr(lower(name), ?) > 0 "
           "OR instr(claimant_id, ?) > 0)" % (column, " UNION SELECT ".join("?" * len(exact))))
    return sql, exact + [folded, nk]


def merge_aliases(identities: Iterable[str]) -> dict[str, str]:
    """Identity -> the identity it is counted as: a bare surname as the one full name ending in it.

    Only ``n:`` identities of one word are merged, and only where exactly one longer name of
    the ledger ends with that word ("Syniehubov" and "Oleh Syniehubov"; not when there is
    also an "Ihor Syniehubov").
    """
    ids = [i for i in identities if i]
    by_last: dict[str, list[str]] = {}
    for i in ids:
        if i.startswith("n:") and " " in i:
            by_last.setdefault(i.rsplit(" ", 1)[1], []).append(i)
    out = {}
    for i in ids:
        if i.startswith("n:") and " " not in i[2:]:
            full = by_last.get(i[2:], [])
            if len(full) == 1:
                out[i] = full[0]
    return out


class Claimants:
    """Mixed into ``Ledger`` (``self.query`` streams dicts)."""

    def claimant_names(self) -> dict[str, list[str]]:
        """Every identity with the names it was written with (small: one row per distinct name)."""
        out: dict[str, list[str]] = {}
        for r in self.query("SELECT claimant_id, name FROM claimant_names ORDER BY claimant_id, name"):
            out.setdefault(r["claimant_id"], []).append(r["name"])
        return out

    def claimant_counts(self, identities: Optional[Sequence[str]] = None) -> list[dict]:
        """Per identity: claims, distinct metrics, first and last date stated.

        Read from ``claimant_stats`` and ``claimant_metrics`` (schema migration 4: kept by triggers on
        every claim stored or removed), one row per identity; every identity, or those given.
        """
        sql = ("SELECT s.claimant_id, s.claims, (SELECT count(*) FROM claimant_metrics m WHERE m.claimant_id = "
               "s.claimant_id) AS metrics, s.first, s.last FROM claimant_stats s WHERE s.claims > 0%s")
        if identities is None:
            return list(self.query(sql % ""))
        ids = list(dict.fromkeys(identities))
        if not ids:
            return []
        return list(self.query(sql % (" AND s.claimant_id IN (%s)" % ",".join("?" * len(ids))), ids))

    def claimant_metric_counts(self, identities: Sequence[str]) -> list[tuple[str, int]]:
        """(metric, claims) of some identities, most frequent first (from ``claimant_metrics``)."""
        ids = list(dict.fromkeys(identities))
        if not ids:
            return []
        return [(r["metric"], r["n"]) for r in self.query(
            "SELECT metric, sum(claims) AS n FROM claimant_metrics WHERE claimant_id IN (%s) "
            "GROUP BY metric ORDER BY n DESC, metric" % ",".join("?" * len(ids)), ids)]

    def claimant_relation_counts(self, identities: Optional[Sequence[str]] = None) -> list[dict]:
        """Per identity, claims of it that others re-reported, corroborated, contradicted, and it revised.

        ``repeated``: another document repeats the claim; ``corroborated`` / ``contradicted``: a
        claim of another claimant agrees / disagrees with it (either direction); ``revised``: the
        same claimant later gave another figure for it (a ``revises`` relation pointing at it).
        Each claim counts once per mark: ``claim_marks`` holds one row per (claim, mark), kept by
        triggers on ``relations``, and ``claimant_stats`` its counts per identity.
        """
        cond, args = "", []
        if identities is not None:
            ids = list(dict.fromkeys(identities))
            if not ids:
                return []
            cond = " AND claimant_id IN (%s)" % ",".join("?" * len(ids))
            args = ids
        out = []
        for r in self.query("SELECT claimant_id, repeated, corroborated, contradicted, revised FROM claimant_stats "
                            "WHERE (repeated OR corroborated OR contradicted OR revised)%s" % cond, args):
            out.append({k: v for k, v in r.items() if k == "claimant_id" or v})
        return out

    def claimant_relation_counts_scan(self, identities: Optional[Sequence[str]] = None) -> list[dict]:
        """``claimant_relation_counts`` counted from the relations themselves (what the aggregates must equal;
        for tests and for checking a ledger)."""
        cond, args = "", []
        if identities is not None:
            ids = list(dict.fromkeys(identities))
            if not ids:
                return []
            cond = " AND mine.claimant_id IN (%s)" % ",".join("?" * len(ids))
            args = ids
        parts = [
            ("repeated", "SELECT mine.claimant_id AS who, r.dst AS claim FROM relations r INDEXED BY relations_type "
                         "JOIN claims mine ON mine.claim_id = r.dst WHERE r.type = 'repeats'%s" % cond),
            ("revised", "SELECT mine.claimant_id AS who, r.dst AS claim FROM relations r INDEXED BY relations_type "
                        "JOIN claims mine ON mine.claim_id = r.dst JOIN claims o ON o.claim_id = r.src "
                        "WHERE r.type = 'revises' AND o.claimant_id IS mine.claimant_id%s" % cond),
        ]
        for name, rtype in (("corroborated", "corroborates"), ("contradicted", "contradicts")):
            parts.append((name, (
                "SELECT mine.claimant_id AS who, r.dst AS claim FROM relations r INDEXED BY relations_type "
                "JOIN claims mine ON mine.claim_id = r.dst JOIN claims o ON o.claim_id = r.src "
                "WHERE r.type = '{t}' AND o.claimant_id IS NOT mine.claimant_id{c} UNION "
                "SELECT mine.claimant_id, r.src FROM relations r INDEXED BY relations_type "
                "JOIN claims mine ON mine.claim_id = r.src JOIN claims o ON o.claim_id = r.dst "
                "WHERE r.type = '{t}' AND o.claimant_id IS NOT mine.claimant_id{c}").format(t=rtype, c=cond)))
        out: dict[str, dict] = {}
        for name, sql in parts:
            n_args = args * sql.count("mine.claimant_id IN")
            for r in self.query("SELECT who, count(DISTINCT claim) AS n FROM (%s) GROUP BY who" % sql, n_args):
                if r["who"] is not None:
                    out.setdefault(r["who"], {"claimant_id": r["who"]})[name] = r["n"]
        return list(out.values())

    def claimant_counts_scan(self) -> list[dict]:
        """``claimant_counts`` of every identity counted from the claims (what the aggregates must equal)."""
        return list(self.query(
            "SELECT claimant_id, count(*) AS claims, count(DISTINCT metric) AS metrics, min(stated_on) AS first, "
            "max(stated_on) AS last FROM claims INDEXED BY claims_claimant_id WHERE claimant_id IS NOT NULL "
            "GROUP BY claimant_id"))

    # -- ratios to the series (written by ``link.track``, which holds the rule) --------------------
    def claim_ratios_fresh(self) -> bool:
        """Whether ``claim_ratios`` holds every claim's ratio to the series as they now are."""
        return bool(self.scalar("SELECT fresh FROM derived_state WHERE name = 'claim_ratios'"))

    def replace_claim_ratios(self, rows: Iterable[tuple[str, str, str, str, float]], fresh: bool) -> None:
        """All ratios anew: rows of (claim_id, series, claimant_id, scope, ratio); ``fresh`` marks them complete."""
        with self.transaction():
            self._conn.execute("DELETE FROM claim_ratios")
            self._conn.executemany("INSERT OR REPLACE INTO claim_ratios(claim_id, series, claimant_id, scope, ratio) "
                                   "VALUES (?, ?, ?, ?, ?)", rows)
            self._conn.execute("UPDATE derived_state SET fresh = ? WHERE name = 'claim_ratios'", (int(fresh),))

    def add_claim_ratios(self, claim_ids: Sequence[str], rows: Iterable[tuple[str, str, str, str, float]]) -> None:
        """Some claims' ratios anew (a document just linked): their old rows go, the given ones come."""
        with self.transaction():
            self._conn.executemany("DELETE FROM claim_ratios WHERE claim_id = ?", [(c,) for c in claim_ids])
            self._conn.executemany("INSERT OR REPLACE INTO claim_ratios(claim_id, series, claimant_id, scope, ratio) "
                                   "VALUES (?, ?, ?, ?, ?)", rows)

    def claimant_ratio_stats(self, identities: Optional[Sequence[str]] = None) -> list[dict]:
        """Per (identity, series, scope): n, min, max and median of the stored ratios, through
        ``claim_ratios_claimant`` (the median is read at its offset in the index)."""
        cond, args = "", []
        if identities is not None:
            ids = list(dict.fromkeys(identities))
            if not ids:
                return []
            cond, args = " WHERE claimant_id IN (%s)" % ",".join("?" * len(ids)), ids
        groups = list(self.query("SELECT claimant_id, series, scope, count(*) AS n, min(ratio) AS low, "
                                 "max(ratio) AS high FROM claim_ratios%s GROUP BY claimant_id, series, scope" % cond,
                                 args))
        for g in groups:
            n = g["n"]
            mid = [r["ratio"] for r in self.query(
                "SELECT ratio FROM claim_ratios INDEXED BY claim_ratios_claimant WHERE claimant_id = ? AND series = ? "
                "AND scope = ? ORDER BY ratio LIMIT ? OFFSET ?",
                (g["claimant_id"], g["series"], g["scope"], 2 - n % 2, (n - 1) // 2))]
            g["median"] = sum(mid) / len(mid)
        return groups

    def claimant_claim_rows(self, identities: Sequence[str], limit: int = 50, offset: int = 0,
                            metric: Optional[str] = None) -> list[dict]:
        """Claims of some identities, newest first (the columns a claims table shows)."""
        ids = list(dict.fromkeys(identities))
        if not ids:
            return []
        sql = ("SELECT claim_id, doc_id, record, kind, metric, claimant_key, claimant_text, claimant_side, claimant_id, "
               "subject_side, location_key, location_text, value_low, value_high, qualifier, stated_on, period_start, "
               "period_end, quote, quantity_key FROM claims WHERE claimant_id IN (%s)" % ",".join("?" * len(ids)))
        args: list = list(ids)
        if metric:
            sql += " AND metric = ?"
            args.append(metric)
        return list(self.query(sql + " ORDER BY stated_on DESC, id DESC LIMIT ? OFFSET ?", args + [limit, offset]))


def display_name(identity: str, names: Sequence[str] = ()) -> str:
    """How a page names an identity: a registry key as it is, a name without its titles as written."""
    if not identity.startswith("n:"):
        return identity
    written = [person_name(n) for n in names if n]
    matching = [w for w in written if name_key(w) == identity[2:]]
    pool = matching or written
    return max(pool, key=lambda w: (len(w), w)) if pool else identity[2:]
