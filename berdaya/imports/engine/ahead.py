"""Running the checks of an import ahead of its writes: in a thread, or in a process."""

from __future__ import annotations

import multiprocessing
import pickle  # noqa: S403 (to test that an exception can travel)
import queue
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterator

from berdaya.core.errors import RuleError

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


def apart(produce: Callable[[], Iterator]) -> Generator:
    """The items of ``produce()``, made in a forked process of their own, so that the checks
    use the second core instead of sharing this process's GIL with the writer. ``produce``
    must read no database (the child inherits this process's connections and never uses
    them: it ends with ``os._exit``). The child is one item ahead: it makes the next while
    this one is consumed. A ``RuleError`` or other exception in the child is raised here;
    closing the generator ends the child."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_produce, args=(send, produce), name="import-checks")
    child.start()
    send.close()
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError("Pemeriksaan baris berhenti tanpa hasil.") from None
            if kind == "item":
                yield payload
            elif kind == "end":
                return
            elif kind == "rule":
                raise RuleError(*payload)
            else:
                raise payload
    finally:
        receive.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _produce(send, produce: Callable[[], Iterator]) -> None:
    # ``terminate()`` ends the child whatever SIGTERM handler the worker it was forked from set.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        for item in produce():
            if not _send(send, "item", item):
                return  # the consumer closed its end: nothing more is wanted
        _send(send, "end", None)
    except RuleError as exc:
        _send(send, "rule", exc.problems)
    except BaseException as exc:  # handed to the consumer, raised there
        try:
            pickle.dumps(exc)
        except Exception:  # an exception that cannot be pickled
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        _send(send, "error", exc)
    finally:
        send.close()


def _send(send, kind: str, payload) -> bool:
    try:
        send.send((kind, payload))
        return True
    except OSError:  # a broken pipe: the consumer is gone
        return False
