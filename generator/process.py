"""Process-wide policy: the garbage collector, forked workers, and leaving without teardown.

Library code (the pipeline, `parallel`) never changes process-wide state; the
command line applies this policy, in one place, to the commands that build or
check once and exit (`build`, `check`). The preview, which runs for hours with
threads, applies none of it and exits through Python's own shutdown; so do
`new` and `import`, which build nothing.
"""

from __future__ import annotations

import gc
import os
import sys
import threading


def worker_count() -> int:
    """The cores this process may use: `PYTHON_CPU_COUNT` when it is a positive number (the setting Python 3.13's
    `os.process_cpu_count` obeys, so one variable limits every tool), else the cores it may be scheduled on."""
    setting = os.environ.get("PYTHON_CPU_COUNT", "")
    if setting.isdecimal() and int(setting) > 0:
        return int(setting)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether forking is safe here: the platform has it and no other thread runs (a forked child could find
    a lock another thread held forever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def for_one_build() -> None:
    """Tune this process for one build followed by its exit.

    A build makes ~10^5 objects that live until it ends (records, the cache,
    the index) and little cyclic garbage, which the process ends before it
    could matter: the cyclic collector would walk those objects again and
    again for nothing, and in forked workers it would also copy every memory
    page it touches. Reference counting still frees everything else.
    """
    gc.disable()


def exit_without_teardown(code: int) -> None:
    """Leave now: flush what was printed, and let the operating system free the heap at once rather than
    Python object by object (a tenth of a cached rebuild at 4,000 events)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (`build.py | head`): nothing left to say
        code = code or 1
    os._exit(code)
