#!/usr/bin/env python3
"""The Python original that `within` replaces, measured on the same workloads as the Rust bench.

`Within(min, max)` is the descriptor of the blog post "Memory leakage in Python descriptors":
assigning a class attribute declared as `math = Within(0, 100)` checks `min <= value <= max`,
raises `ValueError` otherwise, and records the instance (with its value) in the descriptor's
`_seen` container. Two variants:

- `_seen` a plain `dict`: it holds a strong reference to every instance ever validated, so none
  is ever freed (the leak);
- `_seen` a `weakref.WeakKeyDictionary`: an instance leaves `_seen` when it dies (the fix).

Measured for each: one in-range assignment (ns), creating an instance with three fields and
dropping it (ns), and the memory still traced (tracemalloc, after gc.collect()) once a million
instances have been created and dropped with at most 100 alive at once, plus the peak.

Standard library only. Run:  python3 bench/seed.py        (a table)
                              python3 bench/seed.py --kv   (`key value` lines, read by the
                                                           Rust bench for bench/RESULTS.md)
"""

import gc
import platform
import statistics
import sys
import timeit
import tracemalloc
import weakref
from collections import deque

REPEAT = 7  # repetitions per timing; the median is reported, as in the Rust bench
CHURN = 1_000_000  # instances created and dropped in the memory workload
ALIVE = 100  # at most this many alive at once during it


class Within:
    """A data descriptor that keeps each instance's value in `_seen`, keyed by the instance."""

    def __init__(self, min_value, max_value, seen=dict):
        self.min = min_value
        self.max = max_value
        self._seen = seen()

    def __set_name__(self, owner, name):
        self.owner = owner.__name__
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self._seen[instance]

    def __set__(self, instance, value):
        if not self.min <= value <= self.max:
            raise ValueError(
                f"{self.owner}.{self.name} must be within "
                f"[{self.min}, {self.max}], got {value!r}"
            )
        self._seen[instance] = value


def exam_class(seen):
    """The seed's `Exam`, three marks within [0, 100], with `_seen` made by `seen`."""

    class Exam:
        math = Within(0, 100, seen)
        physics = Within(0, 100, seen)
        chemistry = Within(0, 100, seen)

        def __init__(self, math, physics, chemistry):
            self.math = math
            self.physics = physics
            self.chemistry = chemistry

    return Exam


VARIANTS = {
    "dict": exam_class(dict),
    "weak": exam_class(weakref.WeakKeyDictionary),
}


def clear(cls):
    for field in (cls.math, cls.physics, cls.chemistry):
        field._seen.clear()


def check_behaviour():
    """The blog post's observation, asserted: the dict keeps a dropped instance, the fix does not."""
    for name, cls in VARIANTS.items():
        exam = cls(95, 92, 88)
        exam.math = 98
        assert exam.math == 98
        try:
            exam.math = 101
        except ValueError as err:
            assert str(err) == "Exam.math must be within [0, 100], got 101", err
        else:
            raise AssertionError("101 was accepted")
        assert exam.math == 98
        del exam
        gc.collect()
        kept = len(tuple(cls.math._seen))
        assert kept == (1 if name == "dict" else 0), (name, kept)
        clear(cls)


def median_ns(stmt, setup, number, namespace):
    times = timeit.repeat(stmt, setup=setup, number=number, repeat=REPEAT, globals=namespace)
    return statistics.median(times) / number * 1e9


def time_set(cls):
    exam = cls(95, 92, 88)
    ns = median_ns("exam.math = 98", "", 500_000, {"exam": exam})
    clear(cls)
    return ns


def time_create_drop(cls):
    # The instance is dropped as soon as the statement ends; `_seen` is emptied before each
    # repetition (outside the timing), so the dict variant does not carry its leak over.
    ns = median_ns("Exam(95, 92, 88)", "clear(Exam)", 50_000, {"Exam": cls, "clear": clear})
    clear(cls)
    return ns


def churn_memory(cls):
    """Bytes still traced after CHURN instances created and dropped (<= ALIVE alive), and the peak."""
    alive = deque(maxlen=ALIVE)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    for i in range(CHURN):
        alive.append(cls(i % 101, 50, 50))
    alive.clear()
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    clear(cls)
    gc.collect()
    return current - base, peak - base


def human(n):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if abs(n) < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024


def main():
    kv = "--kv" in sys.argv[1:]
    check_behaviour()
    results = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    for name, cls in VARIANTS.items():
        results[f"set_{name}_ns"] = time_set(cls)
        results[f"create_drop_{name}_ns"] = time_create_drop(cls)
    for name, cls in VARIANTS.items():
        after, peak = churn_memory(cls)
        results[f"mem_after_{name}"] = after
        results[f"mem_peak_{name}"] = peak

    if kv:
        for key, value in results.items():
            print(key, f"{value:.2f}" if isinstance(value, float) else value)
        return

    print(f"{results['python']}, median of {REPEAT} repetitions\n")
    print("| workload | dict (the leak) | WeakKeyDictionary (the fix) |")
    print("| --- | ---: | ---: |")
    print(
        f"| `exam.math = 98` (ns) | {results['set_dict_ns']:.1f} | {results['set_weak_ns']:.1f} |"
    )
    print(
        f"| `Exam(95, 92, 88)` created and dropped (ns) | {results['create_drop_dict_ns']:.0f} "
        f"| {results['create_drop_weak_ns']:.0f} |"
    )
    print(
        f"| memory held after {CHURN:,} created and dropped, <= {ALIVE} alive "
        f"| {human(results['mem_after_dict'])} | {human(results['mem_after_weak'])} |"
    )
    print(
        f"| peak memory during that churn | {human(results['mem_peak_dict'])} "
        f"| {human(results['mem_peak_weak'])} |"
    )


if __name__ == "__main__":
    main()
