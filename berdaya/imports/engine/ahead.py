"""Running the checks of an import in a thread ahead of its writes."""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Generator, Iterator

_END = object()
SWITCH_INTERVAL = 0.0001  # seconds
_switches = {"users": 0, "saved": 0.005}
_switches_lock = threading.Lock()


def _short_switches(on: bool) -> None:
    """The writer waits on the database many times a batch; each time, it gets the GIL back
    from the checks only after the switch interval (5 ms by default), so the interval is
    shortened while any checks run ahead (and put back when the last of them ends)."""
    with _switches_lock:
        if on:
            if not _switches["users"]:
                _switches["saved"] = sys.getswitchinterval()
                sys.setswitchinterval(SWITCH_INTERVAL)
            _switches["users"] += 1
        else:
            _switches["users"] -= 1
            if not _switches["users"]:
                sys.setswitchinterval(_switches["saved"])


def ahead(items: Iterator, depth: int = 2) -> Generator:
    """``items``, produced by a thread up to ``depth`` items ahead of the consumer, so that
    the checks of the next batch run while this one is written (the database works in its own
    process; the thread reads no database). An exception in the thread is raised here;
    closing the generator stops the thread."""
    box: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                box.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((_END, None))
        except BaseException as exc:  # handed to the consumer, raised there
            put((_END, exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=work, name="import-checks", daemon=True)
    _short_switches(True)
    thread.start()
    try:
        while True:
            item, exc = box.get()
            if exc is not None:
                raise exc
            if item is _END:
                return
            yield item
    finally:
        stop.set()
        thread.join()
        _short_switches(False)
