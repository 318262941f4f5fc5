"""Slows the renderers of a test process's Chromium as a slower phone's CPU would, without keeping a core busy.

`python slowed_renderers.py PID RATE` stops (SIGSTOP) every renderer process descending from process PID for
RATE - 1 times as long as it last let them run, over and over, until it is terminated; then it lets them go on
(SIGCONT) and exits. It prints one line once the renderers are first stopped, and exits by itself if PID does.

DevTools' CPU throttling (`Emulation.setCPUThrottlingRate`) keeps the same proportion, but a renderer waits out
its share by spinning in a signal handler, idle or not: a page slowed six times takes a whole core for as long as
it is slowed, a core the other test workers need. A stopped process waits
without using the CPU.
"""

from __future__ import annotations

import os
import signal
import sys
import time

RUN = 0.001  # s: how long the renderers run at a time
LOOK_EVERY = 5  # runs: how often to look for renderers started since (a new site gets a new process)


def process_status(pid: int) -> list[bytes]:
    """What /proc says of a process after its name: its state (R running, S sleeping, T stopped…), its parent…
    OSError if it is gone."""
    with open(f"/proc/{pid}/stat", "rb") as stat:
        text = stat.read()
    return text[text.rindex(b")") + 2:].split()


def renderers(ancestor: int) -> list[int]:
    """The renderer processes descending from process `ancestor`."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                parent = int(process_status(int(name))[1])
            except OSError:  # gone since
                continue
            children.setdefault(parent, []).append(int(name))
    found, todo = [], [ancestor]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            try:
                with open(f"/proc/{child}/cmdline", "rb") as cmdline:
                    if b"--type=renderer" in cmdline.read():
                        found.append(child)
            except OSError:
                continue
    return found


def send(pids: list[int], signal_number: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal_number)
        except ProcessLookupError:
            pass


def main(ancestor: int, rate: float) -> None:
    slowed: list[int] = []

    def let_go(*_) -> None:
        send(slowed, signal.SIGCONT)
        os._exit(0)

    signal.signal(signal.SIGTERM, let_go)
    runs, parent = 0, os.getppid()
    while os.getppid() == parent:  # else its test process is gone: let go
        if runs % LOOK_EVERY == 0:  # only those running now: a process gone since may have left its id to another
            slowed = renderers(ancestor)
        started = time.monotonic()
        send(slowed, signal.SIGCONT)
        time.sleep(RUN)
        ran = time.monotonic() - started
        send(slowed, signal.SIGSTOP)
        if runs == 0:
            print("slowed", flush=True)
        runs += 1
        time.sleep(ran * (rate - 1))
    let_go()


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]))
