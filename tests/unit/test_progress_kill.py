"""Progress survives `kill -9` at any moment: every change a writer reported is still there, intact."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from maillab import progress

WRITER = """
import sys
from maillab import progress
n = int(sys.argv[1])
while True:
    n += 1
    progress.record_hint("c1", "dovecot-ssl", n)
    progress.record_grade("c1", "dovecot-ssl", n, n + 1, n % 2 == 0)
    print(n, flush=True)
"""


def test_progress_survives_kill_9_in_a_loop(maillab_home):
    rounds, confirmed = 25, 0
    rng = random.Random(7)
    for _ in range(rounds):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(confirmed)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "MAILLAB_HOME": str(maillab_home)},
        )
        time.sleep(rng.uniform(0.15, 0.6))
        writer.send_signal(signal.SIGKILL)
        output, _ = writer.communicate()
        reported = [int(line) for line in output.split()]
        confirmed = max([confirmed, *reported])
        database = maillab_home / "maillab.sqlite3"
        if not database.exists():  # killed while starting, before it made its data folder: it reported nothing
            assert confirmed == 0
            continue
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        run = progress.get("c1", "dovecot-ssl")
        # every reported change is durable; at most one more (committed, killed before it printed)
        assert run.hints_used in (confirmed, confirmed + 1)
        if run.score is None:  # killed between the very first hint and its grade: nothing was reported yet
            assert confirmed == 0 and run.hints_used <= 1
        else:
            assert run.max_score == run.score + 1
            assert run.passed == (run.score % 2 == 0)
        confirmed = run.hints_used
    assert confirmed > rounds, "the writer must have made progress between kills"
