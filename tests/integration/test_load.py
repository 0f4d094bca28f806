"""A bounded load test: 50 IMAPS sessions at once (10 users x 5) against a running dovecot-ssl.

Every client reaches the server through the published 127.0.0.1 port, so Dovecot sees them all
from one address: mail_max_userip_connections (10 per user and address) bites first, then the
imap-login process_limit (100: each TLS session keeps one login process as its proxy), then the
container's pids limit (maillab.runtime.LIMITS). 50 sessions hold about 110 processes.
"""

import contextlib
import imaplib
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor

from maillab import catalog, lifecycle
from maillab.runtime import LIMITS

USERS = [f"load{n:02d}" for n in range(1, 11)]
PER_USER = 5


def _pids(runtime, name: str) -> int:
    return runtime.client.containers.get(name).stats(stream=False)["pids_stats"]["current"]


def test_fifty_concurrent_imaps_logins(runtime, built_images):
    lab = catalog.load("dovecot-ssl")
    container = lifecycle.reset(runtime, lab, lambda text: None)
    code, output = lifecycle.apply_answer(runtime, lab, "solution")
    assert code == 0, output
    accounts = "\n".join(f"{user}:{user}-pw" for user in USERS)
    script = f"for u in {' '.join(USERS)}; do useradd -m $u; done; printf '%s\\n' '{accounts}' | chpasswd"
    code, output = runtime.exec(lab.id, ["sh", "-c", script])
    assert code == 0, output
    lifecycle.grade(runtime, lab)  # restarts dovecot with the solution in place

    port = container.ports[993]
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    peak: list[int] = []
    # once all 50 are logged in, one thread counts the processes before any session goes on
    together = threading.Barrier(len(USERS) * PER_USER, action=lambda: peak.append(_pids(runtime, container.name)))

    def session(user: str) -> str:
        client = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=60)
        try:
            typ, _ = client.login(user, f"{user}-pw")
            together.wait(timeout=90)
            client.noop()
            return typ
        finally:
            client.logout()

    with ThreadPoolExecutor(max_workers=len(USERS) * PER_USER) as pool:
        replies = list(pool.map(session, [user for user in USERS for _ in range(PER_USER)]))
    assert replies == ["OK"] * len(USERS) * PER_USER
    assert peak and peak[0] < LIMITS["pids_limit"], peak
    print(f"50 concurrent IMAPS sessions: {peak[0]} processes in the container (limit {LIMITS['pids_limit']})")

    # the per-user limit is real: an eleventh session of one user from the same address is refused
    clients = []
    try:
        for _ in range(10):
            clients.append(imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=30))
            clients[-1].login(USERS[0], f"{USERS[0]}-pw")
        extra = imaplib.IMAP4_SSL("127.0.0.1", port, ssl_context=context, timeout=30)
        clients.append(extra)
        try:
            extra.login(USERS[0], f"{USERS[0]}-pw")
            refused = ""
        except imaplib.IMAP4.error as error:
            refused = str(error)
        assert "connections" in refused.lower(), refused
    finally:
        for client in clients:
            with contextlib.suppress(Exception):
                client.logout()
