"""`mkdocs serve` told of a save by the system's file events, not by polling.

MkDocs' server looks for changes every 0.5 s (watchdog's `PollingObserver`): on average a
quarter of a second, at worst half a second, passes between an editor's save and the start of
the rebuild, which on a small site is longer than the rebuild itself. Where the system reports
changes to files as they happen (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows), the server is given watchdog's observer for it, with the same folders and files
watched. Where it does not, or where the server is not the one this module knows, polling
stays. The server's own 0.1 s wait for a save's last event stays too: an editor's save is often
several events (write, rename, change of attributes).
"""

from __future__ import annotations

import inspect
from typing import Any

from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = get_plugin_logger(__name__)


# What a save, a checkout or `touch` does to a file. Not the events of reading one (opened,
# closed without writing): every build reads the database and docs_dir, and would start the
# next build, for ever.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    FileAttribEvent,
]


class _Changes(Observer):  # type: ignore[misc, valid-type]  # chosen per system
    """The system's observer, telling of changes only."""

    def schedule(
        self, event_handler: Any, path: Any, *, recursive: bool = False, **options: Any
    ) -> Any:
        options.setdefault("event_filter", CHANGES)
        return super().schedule(event_handler, path, recursive=recursive, **options)


def watch_file_events(server: LiveReloadServer) -> bool:
    """Give `server` (not yet serving) an observer of the system's file events, watching what
    it watched. False, and the server unchanged, where there are none to use."""
    watched: dict[str, int] | None = getattr(server, "_watched_paths", None)
    refs: dict[str, Any] | None = getattr(server, "_watch_refs", None)
    if Observer is PollingObserver or watched is None or refs is None:
        return False
    schedule = getattr(Observer, "schedule", None)
    if schedule is None or "event_filter" not in inspect.signature(schedule).parameters:
        return False  # watchdog before 4.0 cannot leave out reads
    if not isinstance(server.observer, PollingObserver) or server.observer.is_alive():
        return False
    recursive = {path: getattr(ref, "is_recursive", True) for path, ref in refs.items()}
    counts = dict(watched)
    server.observer = _Changes()
    watched.clear()
    refs.clear()
    for path, count in counts.items():
        for _ in range(count):
            server.watch(path, recursive=recursive.get(path, True))
    log.debug("Watching for changes with %s", type(server.observer).__name__)
    return True
