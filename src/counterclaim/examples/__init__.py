"""The project's bundled example documents: the demo's input, and fixtures for linking, the web UI and Spark.

They were written for counterclaim (see README.md here): events, outlets and figures
are invented to exercise the pipeline and are not reporting. ``EXAMPLES`` gives each
file's publication date and source, which plain text files cannot carry themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

EXAMPLES_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Example:
    """One bundled file, with what a reader of it cannot know."""
    name: str                   #: file name inside EXAMPLES_DIR
    published: Optional[str]    #: publication date (None when the file says it itself)
    source: Optional[str]       #: outlet it stands for (None: what the reader finds)
    about: str                  #: what it is there to exercise
    documents: int = 1          #: documents a reader makes of it (a feed or JSON Lines file holds several)

    @property
    def path(self) -> Path:
        return EXAMPLES_DIR / self.name


EXAMPLES: tuple[Example, ...] = (
    Example("frontline-herald-huliaipole-2025-05-12.txt", "2025-05-12", "Frontline Herald",
            "a total and its breakdown that does not add up, then a reader thread: speculation, cited "
            "assertions, an opinion, a recommendation"),
    Example("eastbridge-post-huliaipole-2025-05-14.html", "2025-05-14", "Eastbridge Post",
            "a second outlet that repeats, revises and contradicts the Herald's figures; an HTML page "
            "with navigation, share buttons and related links around the article"),
    Example("reddit-huliaipole-thread.json", None, None,
            "a Reddit comments page: nested replies, a deleted author, a 'more' stub, citations"),
    Example("genstaff-bulletin-2025-05-11.txt", "2025-05-11", "General Staff of Ukraine",
            "a daily bulletin: cumulative totals with (+N) increments"),
    Example("genstaff-bulletin-2025-05-12.txt", "2025-05-12", "General Staff of Ukraine",
            "the next day's bulletin: increments that match, and one that does not"),
    Example("rumod-statement-2025-05-12.txt", "2025-05-12", "Russian Defence Ministry",
            "the other side's daily statement: 'up to' figures, liberated settlements, totals since 2022"),
    Example("dispatch-drone-night-2025-05-18.md", "2025-05-18", "Steppe Dispatch",
            "a Markdown wire story: launches and interceptions (part_of), a range, a vague number, a denial"),
    Example("wire-items-2025-05-15.jsonl", None, None,
            "JSON Lines of documents: a toll given, then raised the same day (7 -> 9 injured), and a Russian "
            "governor's report with a ministry figure beside it", documents=3),
    Example("border-watch-feed.xml", None, None,
            "an RSS feed, each entry a document: shelling counts, a 'more than' total, an opinion", documents=2),
)

#: documents the bundled examples make together
N_DOCUMENTS = sum(e.documents for e in EXAMPLES)


def example_paths() -> list[Path]:
    return [e.path for e in EXAMPLES]
