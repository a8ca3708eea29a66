"""A small pool of worker threads, fair between users, each thread owning its own services.

Jobs queue per key (a chat user) and the workers take the keys in turn, at most one job of a key
at a time: a user's slow request holds one worker, never all of them, and a user who sends ten
messages waits for their own, not the others'. A user's jobs run in the order sent. SQLite
connections belong to one thread, so each worker opens its own `Services` on first use (WAL
lets them read while another writes) and closes it when the pool closes.
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

_Job = tuple[Future, Callable, tuple]


class FairPool:
    def __init__(self, name: str, size: int, open_services: Callable[[], Any]) -> None:
        self._open = open_services
        self._cond = threading.Condition()
        self._queues: dict[Hashable, deque[_Job]] = {}  # keys with jobs waiting
        self._turns: deque[Hashable] = deque()  # keys with jobs waiting and none running, in turn
        self._running: set[Hashable] = set()
        self._closing = False
        self._threads = [threading.Thread(target=self._work, name=f"{name}-{i}", daemon=True) for i in range(size)]
        for thread in self._threads:
            thread.start()

    def submit(self, key: Hashable, fn: Callable, *args: Any) -> Future:
        """Run `fn(services, *args)` in a worker, after the key's earlier jobs."""
        future: Future = Future()
        with self._cond:
            if self._closing:
                raise RuntimeError("the worker pool is closed")
            self._queues.setdefault(key, deque()).append((future, fn, args))
            if key not in self._running and key not in self._turns:
                self._turns.append(key)
                self._cond.notify()
        return future

    async def run(self, key: Hashable, fn: Callable, *args: Any) -> Any:
        return await asyncio.wrap_future(self.submit(key, fn, *args))

    def close(self) -> None:
        """Finish the jobs already queued, then stop every worker (each closes its services)."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join()

    def _next(self) -> tuple[Hashable, _Job] | None:
        with self._cond:
            while not self._turns:
                if self._closing:
                    return None
                self._cond.wait()
            key = self._turns.popleft()
            job = self._queues[key].popleft()
            self._running.add(key)
            return key, job

    def _done(self, key: Hashable) -> None:
        with self._cond:
            self._running.discard(key)
            if self._queues[key]:
                self._turns.append(key)  # the key's next job waits behind the other keys'
                self._cond.notify()
            else:
                del self._queues[key]

    def _work(self) -> None:
        services = None
        try:
            while (taken := self._next()) is not None:
                key, (future, fn, args) = taken
                try:
                    if future.set_running_or_notify_cancel():
                        services = services or self._open()
                        future.set_result(fn(services, *args))
                except BaseException as err:  # noqa: BLE001 - handed to whoever waits for the job
                    future.set_exception(err)
                finally:
                    self._done(key)
        finally:
            if services is not None:
                services.close()
