"""Find the certificate and key files a server is configured to use, and a file's mode (helpers, not checks)."""

from dataclasses import dataclass

from maillab.servers import dovecot as _dovecot
from maillab.target import Target


@dataclass(frozen=True)
class TlsFiles:
    """The certificate and key a server uses; `origin` says which settings named them."""

    cert: str | None
    key: str | None
    origin: str


def tls_files(target: Target, server: str) -> TlsFiles:
    """The configured certificate and key of `server` (dovecot or courier), looked up once per grading run."""
    if server == "dovecot":
        return TlsFiles(
            _dovecot.file_setting(target, "ssl_cert"),
            _dovecot.file_setting(target, "ssl_key"),
            "ssl_cert/ssl_key in doveconf",
        )
    if not server.startswith("courier"):
        raise ValueError(f"unknown server {server!r}")
    config = "/etc/courier/pop3d-ssl" if server.endswith("pop3") else "/etc/courier/imapd-ssl"

    def compute() -> TlsFiles:
        result = target.host.run('. %s >/dev/null 2>&1; printf %%s "$TLS_CERTFILE"', config)
        path = result.stdout.strip() or None
        return TlsFiles(path, path, f"TLS_CERTFILE in {config}")

    return target.cached(f"locate.tls_files.{config}", compute)


def mode_owner(target: Target, path: str) -> tuple[int, str, str] | None:
    """(mode, owner, group) of `path`, following symlinks; None when it does not exist."""
    result = target.host.run("stat -L -c '%%a %%U %%G' -- %s", path)
    if result.rc != 0:
        return None
    mode, user, group = result.stdout.split()
    return int(mode, 8), user, group
