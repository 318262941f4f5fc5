"""`generator.preview.serve`: the three parts put together, started and stopped as a person does."""

from __future__ import annotations

import ctypes
import os
import platform
import signal
from pathlib import Path

from playwright.sync_api import expect

from preview.conftest import Served


def test_serve_prints_the_address_and_serves_the_site(served: Served, page):
    assert served.process.wait_for("serving") .endswith(f"at {served.url} (Ctrl-C to stop)")
    page.goto(served.url)
    expect(page.locator("h1")).to_have_text("Việt Nam–Laos Relations")
    assert page.locator('script[src^="/livereload.js"]').count() == 1


def test_ctrl_c_stops_cleanly(served: Served):
    assert served.process.interrupt() == 0
    assert served.process.output.splitlines()[-1] == "stopped"
    assert "Traceback" not in served.process.output


# The number of the Linux system call that sends a signal to one thread of a process (asm/unistd.h).
TGKILL = {"x86_64": 234, "aarch64": 131}


def test_ctrl_c_stops_cleanly_whichever_thread_the_system_hands_it_to(served: Served):
    """The system may deliver Ctrl-C to any thread that does not block it. Sent to the watcher's threads rather
    than the main one, it left the main thread asleep in the loop's select: `serve` never stopped."""
    pid = served.process.process.pid
    others = sorted(int(task.name) for task in Path(f"/proc/{pid}/task").iterdir() if int(task.name) != pid)
    assert others, "serve runs its watcher in threads of its own"
    assert platform.machine() in TGKILL, f"add tgkill's number on {platform.machine()} to TGKILL"
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.syscall(TGKILL[platform.machine()], pid, others[-1], signal.SIGINT) == 0, os.strerror(ctypes.get_errno())
    assert served.process.process.wait(10) == 0
    assert served.process.output.splitlines()[-1] == "stopped"
