"""Postfix checks: settings as postconf reports them, aliases as delivery resolves them, and what
a client from a given address may do, posed with XCLIENT on a loopback twin of the smtp service."""

import threading

from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.servers import postfix
from maillab.shellwait import PAUSE
from maillab.target import Target

from . import _smtp


@check
def setting(
    target: Target,
    name: str,
    equals: str | None = None,
    includes: list[str] | None = None,
    service: str | None = None,
) -> Outcome:
    """The value Postfix uses for `name` (postconf, `$names` expanded; for the master.cf `service`
    when given) equals `equals`, or lists every item of `includes`; the message names the line.

    Example::

        - {id: mydestination, check: postfix.setting,
           with: {name: mydestination, includes: [mail.example.lab, example.lab]}, points: 2}
    """
    problem = postfix.postconf_error(target)
    value = postfix.postconf(target, name, service=service)
    if value is None:
        return failed(f"postconf cannot read {name}: {problem or 'it exits non-zero'}")
    seen = postfix.described(target, name, service)
    if equals is not None and value.lower() != equals.lower():
        return failed(f"{seen}; expected {equals}")
    have = {item.lower() for item in postfix.items(value)}
    missing = [item for item in includes or [] if item.lower() not in have]
    if missing:
        return failed(f"{seen}: {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing")
    return passed(seen)


@check
def config_valid(target: Target) -> Outcome:
    """`postfix check` accepts the configuration, and postconf reads main.cf and master.cf without a warning.

    `postfix check` prints nothing without a terminal: its complaint is read from the mail log.

    Example::

        - {id: config-valid, check: postfix.config_valid, points: 1}
    """
    result = target.host.run("postfix check")
    if result.rc != 0:
        said = target.host.run("grep -E 'postfix.*(fatal|error):' %s | tail -n 1", target.server.log).stdout
        said = said.strip().split(": ", 1)[-1] if said.strip() else (result.stderr.strip() or "no message")
        return failed(f"postfix check exits {result.rc}: {said}")
    warning = postfix.postconf_error(target)
    if warning:
        return failed(f"postconf warns: {warning}")
    return passed("postfix check accepts the configuration; postconf -n reads it without a warning")


def _resolve(target: Target, name: str, maps: list[str], depth: int = 0) -> list[str]:
    """Where delivery sends a local `name` through `maps` (postalias -q, followed to its end)."""
    domains = postfix.local_domains(target)
    for table in maps:
        result = target.host.run("postalias -q %s %s", name.lower(), table)
        if result.rc == 0 and result.stdout.strip():
            found: list[str] = []
            for item in postfix.items(result.stdout):
                user, _, domain = item.partition("@")
                local = user if domain.lower() in domains else item
                deeper = local != name and depth < 8 and not any(mark in local for mark in "@/|:")
                found += _resolve(target, local, maps, depth + 1) if deeper else [local]
            return found
    return [name]


# Verify delivery of each name without sending anything (sendmail -bv, one message per name so
# that duplicate elimination hides nothing, null sender: no report is mailed), wait until every
# one of those messages has left the queue (at most VERIFY_WAIT seconds; a busy machine needed more
# than 20), then print their verdict lines, or "unfinished" when the wait ran out.
VERIFY_WAIT = 60
_VERIFY = PAUSE + r"""
log=$1 wait=$2; shift 2
before=$(wc -l < "$log")
for name; do sendmail -bv -f '' "$name" >/dev/null 2>&1 || { echo "sendmail -bv $name exited $?"; exit 2; }; done
ours() {
  tail -n +"$((before + 1))" "$log" | sed -n 's/^.* postfix\/pickup\[[0-9]*\]: \([0-9A-Za-z]*\): uid=0 from=<>$/\1/p'
}
kick=50
while [ "$waited" -lt $((wait * 10)) ]; do
  ids=$(ours); left=$#
  for id in $ids; do grep -q " $id: removed" "$log" && left=$((left - 1)); done
  [ "$left" -le 0 ] && break
  # a message that met a reload (another check's XCLIENT twin) waits for the next queue run: kick it
  [ "$waited" -ge "$kick" ] && kick=$((kick + 100)) && postqueue -f >/dev/null 2>&1
  pause
done
[ "$left" -le 0 ] || echo unfinished
for id in $(ours); do
  grep -F " $id: " "$log" | grep -E 'status=(deliverable|undeliverable)' | sed 's/^.*: to=/to=/'
done
"""


def _verified(target: Target, names: list[str]) -> dict[str, list[str]] | str:
    """name -> the addresses `sendmail -bv` says mail for it is delivered to (status=deliverable);
    or why there is no verdict: sendmail -bv failed, or its messages had not all left the queue in time."""
    with target.cached("postfix.verify_lock", threading.Lock):
        command = "sh -c %s sh %s %s" + " %s" * len(names)
        output = target.host.run(command, _VERIFY, target.server.log, str(VERIFY_WAIT), *names).stdout
    refused = next((line for line in output.splitlines() if line.startswith("sendmail -bv ")), None)
    if refused:
        return f"{refused}: Postfix's sendmail could not queue the verification (the mail log says why)"
    if "unfinished" in output.splitlines():
        return (
            f"sendmail -bv gave no verdict for {', '.join(names)} within {VERIFY_WAIT} s: "
            "is the queue stuck? (postqueue -p, the mail log)"
        )
    found: dict[str, list[str]] = {name.lower(): [] for name in names}
    for line in output.splitlines():
        fields = dict(part.split("=", 1) for part in line.split(", ") if "=" in part)
        original = fields.get("orig_to", fields.get("to", "")).strip("<>").split("@", 1)[0].lower()
        if original in found and "status=deliverable" in line:
            found[original].append(fields.get("to", "").strip("<>").split("@", 1)[0])
    return found


@check
def aliases(target: Target, names: list[str], to: str) -> Outcome:
    """Mail for each of `names` reaches the local user `to`: the alias maps in force (postalias -q,
    followed to the end) and delivery itself (`sendmail -bv`) agree on it.

    Example::

        - {id: aliases-admin, check: postfix.aliases,
           with: {names: [root, postmaster, abuse, mailer-daemon], to: admin}, points: 3}
    """
    maps = [item for item in postfix.items(postfix.postconf(target, "alias_maps")) if not item.startswith("nis:")]
    if not maps:
        return failed(f"no alias table is in use: {postfix.described(target, 'alias_maps')}")
    verified = _verified(target, names)
    if isinstance(verified, str):
        return failed(verified)
    wrong, seen = [], []
    for name in names:
        through_maps = _resolve(target, name, maps)
        delivered = verified.get(name.lower(), [])
        seen.append(f"{name} -> {', '.join(through_maps)}")
        if to not in through_maps:
            wrong.append(f"{name} -> {', '.join(through_maps)} (postalias -q in {', '.join(maps)})")
        elif to not in delivered:
            wrong.append(f"{name}: the maps say {to}, but sendmail -bv delivers to {', '.join(delivered) or 'nobody'}")
    if wrong:
        return failed("; ".join(wrong))
    return passed(f"{'; '.join(seen)}; sendmail -bv agrees")


# Build the source file into a scratch table and compare both tables' entries (postalias -s),
# leaving out the bookkeeping keys postalias adds itself. "+" lines: in the file, missing from the
# table; "-" lines: in the table, gone from the file; "!" a table that cannot be read.
_COMPARE = r"""
kind=$1 path=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$path" "$scratch/source" || { echo "!cannot read $path"; exit 0; }
postalias "$kind:$scratch/source" 2>/dev/null
entries() { grep -vE '^(@|YP_[A-Z_]+):'; }
postalias -s "$kind:$scratch/source" | entries | sort > "$scratch/want"
if ! postalias -s "$kind:$path" 2>"$scratch/said" | entries | sort > "$scratch/have" || [ -s "$scratch/said" ]; then
  echo "!$(sed 's/^postalias: //' "$scratch/said" | tail -n 1)"
  exit 0
fi
diff "$scratch/want" "$scratch/have" | sed -n 's/^< /+/p; s/^> /-/p'
"""


@check
def aliases_current(target: Target) -> Outcome:
    """Every indexed alias table in alias_maps (hash:, btree:, lmdb:) holds exactly what its source
    file says: newaliases (or postalias) ran after the last edit.

    The file is built into a scratch table and both are compared entry by entry, so the verdict
    does not depend on file times (a sandbox lays files down without them).

    Example::

        - {id: aliases-built, check: postfix.aliases_current, points: 2}
    """
    maps = postfix.items(postfix.postconf(target, "alias_maps"))
    indexed = [item.split(":", 1) for item in maps if item.split(":", 1)[0] in ("hash", "btree", "lmdb")]
    if not indexed:
        return failed(f"no indexed alias table is in use: {postfix.described(target, 'alias_maps')}")
    for kind, path in indexed:
        lines = target.host.run("sh -c %s sh %s %s", _COMPARE, kind, path).stdout.splitlines()
        unreadable = [line[1:] for line in lines if line.startswith("!")]
        if unreadable:
            return failed(f"{kind}:{path} cannot be read ({unreadable[0]}): it was never built (newaliases)")
        missing = [line[1:].replace("\t", " ") for line in lines if line.startswith("+")]
        stale = [line[1:].replace("\t", " ") for line in lines if line.startswith("-")]
        if missing or stale:
            said = f"{path} says {'; '.join(missing)}" if missing else f"{path} no longer says {'; '.join(stale)}"
            return failed(f"{said}, but the table {kind}:{path} delivery reads does not: run newaliases")
    tables = ", ".join(":".join(item) for item in indexed)
    return passed(f"{tables} {'holds what its file says' if len(indexed) == 1 else 'hold what their files say'}")


@check
def relay_refused(
    target: Target,
    client: str,
    recipients: list[str],
    port: int = 25,
    words: str = "Relay access denied",
    tls: str = "none",
) -> Outcome:
    """A client connecting from `client` may not relay: every RCPT TO in `recipients` (other
    domains) gets a 4xx or 5xx reply with `words` in it ("" for any refusal), under the settings of
    the service on `port`; `tls: starttls` starts TLS first, as a submission client must.

    The address is posed with XCLIENT on a loopback-only twin of that service, so no packet goes to
    it and a sandbox judges it as from the network; `smtp.accepts` with `client` proves the opposite.

    Example::

        - {id: outside-refused, check: postfix.relay_refused,
           with: {client: 203.0.113.9, recipients: [victim@remote.example]}, points: 3}
    """
    options = {"tls": tls} if tls != "none" else {}
    report, place = _smtp.session(target, port, client, sender=_smtp.SENDER, recipients=recipients, **options)
    trouble = _smtp.session_problem(report, place)
    if trouble:
        return failed(trouble)
    relayed = [item for item in report.rcpt if item.ok]
    if relayed:
        listed = ", ".join(f"<{item.address}>" for item in relayed)
        return failed(f"{place}: {listed} accepted ({relayed[0].reply}): the server relays for {client}")
    other = [item for item in report.rcpt if words not in item.reply]
    if other:
        return failed(f"{place}: refused, but not as relaying: {'; '.join(item.reply for item in other)}")
    return passed(f"{place}: {_smtp.replies(report)}")
