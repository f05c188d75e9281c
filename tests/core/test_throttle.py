"""The pace shared by bulk workers: a 429 pauses everyone, then requests go one at a time, then recover."""

from __future__ import annotations

import threading

import pytest

from zyntro_nb._throttle import PACE_DECREASE, PACE_MARGIN, Throttle


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


class Clock:
    """A clock tests move by hand; ``sleep`` advances it (so pacing can be followed without waiting)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def answered(throttle: Throttle, n: int) -> None:
    for _ in range(n):
        assert throttle.acquire()
        throttle.release()


def test_nothing_is_paced_until_the_server_has_said_429_twice() -> None:
    clock = Clock()
    throttle = Throttle(concurrency=16, sleep=clock.sleep, clock=clock)
    answered(throttle, 500)
    assert throttle.rate is None and clock.slept == []
    clock.now = 1.0
    assert throttle.acquire()
    throttle.release()
    throttle.penalize(1.0)  # one episode: where the server's allowance ran out, not yet how fast it refills
    assert throttle.rate is None


def test_the_rate_is_measured_between_two_429_episodes_and_kept_a_little_under() -> None:
    clock = Clock()
    throttle = Throttle(concurrency=16, sleep=clock.sleep, clock=clock)
    throttle.acquire()
    throttle.release()
    throttle.penalize(1.0)  # episode one at t=0
    clock.now = 2.0
    answered(throttle, 200)  # the server let 200 through in 2 s
    throttle.acquire()
    throttle.release()
    throttle.penalize(1.0)  # episode two: its allowance ran out again
    assert throttle.rate == pytest.approx(100 * PACE_MARGIN, rel=0.01)


def test_429s_in_flight_when_an_episode_began_belong_to_it() -> None:
    clock = Clock()
    throttle = Throttle(concurrency=16, sleep=clock.sleep, clock=clock)
    throttle.penalize(1.0)
    clock.now = 0.5  # still within the pause the first one asked for
    throttle.penalize(1.0)
    assert throttle.rate is None and throttle.pauses == 2


def test_paced_starts_are_spaced_at_the_rate_after_a_burst_of_one_seconds_worth() -> None:
    clock = Clock()
    throttle = Throttle(concurrency=16, sleep=clock.sleep, clock=clock)
    throttle.rate = 10.0
    starts = []
    for _ in range(14):
        assert throttle.acquire()
        starts.append(round(clock.now, 3))
        throttle.release()
    assert starts[:10] == [0.0] * 10  # the bucket starts full: one second's worth at once
    assert starts[10:] == [0.1, 0.2, 0.3, 0.4]  # then one every 1/rate seconds


def test_a_429_while_paced_slows_the_pace_down() -> None:
    clock = Clock()
    throttle = Throttle(concurrency=4, sleep=clock.sleep, clock=clock)
    throttle.rate = 100.0
    throttle._episode_at = 0.0
    clock.now = 5.0
    throttle.penalize(1.0)  # nothing answered since the last episode: the pace was wrong, not measured
    assert throttle.rate == pytest.approx(100.0 * PACE_DECREASE)


def test_pacing_is_shared_by_every_worker_thread() -> None:
    clock = Clock()
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            clock.sleep(seconds)

    throttle = Throttle(concurrency=8, sleep=sleep, clock=clock)
    throttle.rate = 50.0

    def worker() -> None:
        for _ in range(25):
            assert throttle.acquire()
            throttle.release()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # 100 starts at 50/s with a burst of 50: the reserved slots run to 1 s after the burst, whoever took them.
    assert throttle._tat == pytest.approx(2.0 - 1.0 / 50.0 + 1.0 / 50.0, abs=0.05)
