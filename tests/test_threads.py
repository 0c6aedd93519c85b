"""core.infra.threads.prefetch: the items in order, the producer's error in the consumer, no thread
left behind when the consumer stops early."""

import threading
from contextlib import closing

import pytest

from sandflux.core.infra.threads import prefetch


def _prefetch_threads():
    return [t for t in threading.enumerate() if t.name == "sandflux-prefetch"]


def test_items_come_in_order_and_are_produced_ahead_on_another_thread():
    producers = []

    def items():
        for value in range(50):
            producers.append(threading.current_thread())
            yield value

    assert list(prefetch(items(), depth=3)) == list(range(50))
    assert all(thread is not threading.current_thread() for thread in producers)
    assert not _prefetch_threads()


def test_the_producers_error_is_raised_in_the_consumer_after_the_good_items():
    def items():
        yield 1
        yield 2
        raise OSError("disk gone")

    seen = []
    with pytest.raises(OSError, match="disk gone"):
        for value in prefetch(items()):
            seen.append(value)
    assert seen == [1, 2]
    assert not _prefetch_threads()


def test_a_consumer_that_stops_early_stops_the_producer():
    produced = []

    def endless():
        value = 0
        while True:
            produced.append(value)
            yield value
            value += 1

    with closing(prefetch(endless(), depth=2)) as values:
        for value in values:
            if value == 5:
                break
    assert not _prefetch_threads()
    assert len(produced) <= 5 + 1 + 2 + 1  # what was consumed, the queue, one in hand
