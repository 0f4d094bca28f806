"""A behaviour claim's IMAP, POP3 and SMTP client: runs inside the server (standard library only), prints
what it saw.

    probe.py imap|pop3 PORT [plain|starttls|tls] [USER PASSWORD [MECHANISM]]
    probe.py smtp PORT [plain|starttls] [from=SENDER] [to=RECIPIENT]... [xclient=ADDR] [user=U password=P]
             [subject=SUBJECT]

Runs checks/_client.py (copied beside it) from the address in $CLIENT_FROM and prints one line per
fact, each starting with the protocol and port, e.g. `imap 143 login: NO [...] STARTTLS required`:
greeting, caps (before TLS), tls (the version), caps after tls, login (OK or NO and the reply),
select or stat (messages in the INBOX), for POP3 sizes (LIST) and uidl (UIDL) as number=value,
error (what broke the session). SMTP prints greeting, caps, tls, login, mail, one `rcpt ADDRESS` line
per recipient and data, each with the server's reply (`smtp 25 rcpt a@b.example: 454 4.7.1 ...`).
"""

import importlib
import os
import sys

MODES = {"plain": "none", "starttls": "starttls", "tls": "implicit"}


def options(args: list[str]) -> dict:
    """The client's options from the command line."""
    port, mode, user, password, mechanism = [*args, "", "", "", ""][:5]
    found = {"address": "127.0.0.1", "port": int(port), "tls": MODES[mode or "plain"], "inspect": True}
    if os.environ.get("CLIENT_FROM"):
        found["source"] = os.environ["CLIENT_FROM"]
    if user:
        found.update(user=user, password=password, mechanism=mechanism or "login")
    return found


def smtp_options(args: list[str]) -> dict:
    """The SMTP client's options: PORT, then a mode, then key=value words (`to=` may repeat)."""
    port, *words = args
    mode = words.pop(0) if words and words[0] in MODES else "plain"
    found: dict = {"address": "127.0.0.1", "port": int(port), "tls": MODES[mode], "recipients": []}
    if os.environ.get("CLIENT_FROM"):
        found["source"] = os.environ["CLIENT_FROM"]
    keys = {"from": "sender", "xclient": "xclient", "user": "user", "password": "password", "subject": "message"}
    for word in words:
        key, _, value = word.partition("=")
        if key == "to":
            found["recipients"].append(value)
        elif key in keys:
            found[keys[key]] = value
        else:
            raise SystemExit(f"probe.py smtp: unknown word {word!r} (use {', '.join(['to', *keys])}=VALUE)")
    return found


def smtp_lines(report: dict) -> list[str]:
    """An SMTP report as `smtp PORT fact: reply` lines."""
    port, said = report["port"], []

    def say(fact: str, text: object) -> None:
        said.append(f"smtp {port} {fact}: {text}".rstrip())

    if "greeting" in report:
        say("greeting", report["greeting"])
    if "capabilities_before_tls" in report:
        say("caps", " ".join(report["capabilities_before_tls"]))
    if report.get("tls"):
        say("tls", report["tls"]["version"])
        say("caps after tls", " ".join(report.get("capabilities", [])))
    for key in ("xclient", "login", "mail"):
        if report.get(key):
            say(key, report[key]["reply"])
    for rcpt in report.get("rcpt", []):
        say(f"rcpt {rcpt['address']}", rcpt["reply"])
    if report.get("data"):
        say("data", report["data"]["reply"])
    if report.get("error"):
        say("error", report["error"])
    return said


def lines(protocol: str, report: dict) -> list[str]:
    """The report as `protocol port fact: text` lines."""
    said = []

    def say(fact: str, text: object) -> None:
        said.append(f"{protocol} {report['port']} {fact}: {text}".rstrip())

    for key, fact in (("greeting", "greeting"), ("capabilities_before_tls", "caps")):
        if key in report:
            say(fact, " ".join(report[key]) if isinstance(report[key], list) else report[key])
    if report.get("tls"):
        say("tls", report["tls"]["version"])
        if "capabilities" in report:
            say("caps after tls", " ".join(report["capabilities"]))
    if report.get("login"):
        say("login", f"{'OK' if report['login']['ok'] else 'NO'} {report['login']['reply']}")
    if "select" in report:
        select = report["select"]
        say("select", f"OK {report.get('messages', 0)} messages" if select["ok"] else f"NO {select['reply']}")
    if "stat" in report:
        say("stat", f"{report['stat'][0]} messages")
        say("sizes", " ".join(f"{number}={size}" for number, size in report["list"].items()))
        say("uidl", " ".join(f"{number}={uid}" for number, uid in report["uidl"].items()))
    if report.get("error"):
        say("error", report["error"])
    return said


def main(argv: list[str]) -> int:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    client = importlib.import_module("_client")  # copied beside this file inside the server
    if len(argv) < 2 or argv[0] not in client.PROTOCOLS:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    if argv[0] == "smtp":
        print("\n".join(smtp_lines(client.run("smtp", smtp_options(argv[1:])))))
    else:
        print("\n".join(lines(argv[0], client.run(argv[0], options(argv[1:])))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
