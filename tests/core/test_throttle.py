"""The pace shared by bulk workers: a 429 pauses everyone, then requests go one at a time, then recover."""

from __future__ import annotations

import threading

from zyntro_nb._throttle import Throttle


def test_a_429_pauses_everyone_for_the_servers_wait_then_lets_one_through() -> None:
    waits: list[float] = []
    throttle = Throttle(concurrency=8, sleep=waits.append, clock=lambda: 100.0)
    assert throttle.acquire()
    throttle.release()
    throttle.penalize(3.0)
    assert throttle.limit == 1 and throttle.pauses == 1
    assert throttle.acquire() and waits == [3.0]


def test_each_answer_without_429_doubles_the_pace_back_to_full_concurrency() -> None:
    throttle = Throttle(concurrency=8, sleep=lambda s: None, clock=lambda: 0.0)
    throttle.penalize(0.0)
    limits = []
    for _ in range(4):
        assert throttle.acquire()
        throttle.release()
        limits.append(throttle.limit)
    assert limits == [2, 4, 8, 8]


def test_only_limit_requests_run_at_once() -> None:
    throttle = Throttle(concurrency=2, sleep=lambda s: None)
    assert throttle.acquire() and throttle.acquire()
    got = threading.Event()
    waiter = threading.Thread(target=lambda: throttle.acquire() and got.set())
    waiter.start()
    assert not got.wait(0.2)  # a third must wait for a slot
    throttle.release()
    assert got.wait(2)
    waiter.join(2)


def test_stopping_ends_every_wait_and_sends_nothing_more() -> None:
    throttle = Throttle(concurrency=1)
    throttle.penalize(3600)
    result: list[bool] = []
    waiter = threading.Thread(target=lambda: result.append(throttle.acquire()))
    waiter.start()
    throttle.stop()
    waiter.join(5)
    assert result == [False] and not waiter.is_alive()


def test_the_bulk_wide_budget_of_429_retries_runs_out() -> None:
    throttle = Throttle(concurrency=4, rate_limit_budget=2)
    assert [throttle.may_retry() for _ in range(3)] == [True, True, False]
