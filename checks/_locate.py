"""Find the certificate and key files a server is configured to use (helpers, not checks)."""

from dataclasses import dataclass

from maillab.checks import _dovecot
from maillab.target import Target


@dataclass(frozen=True)
class TlsFiles:
    """The certificate and key a server uses; `origin` says which settings named them."""

    cert: str | None
    key: str | None
    origin: str


def tls_files(target: Target, server: str) -> TlsFiles:
    """The configured certificate and key of `server` (dovecot or courier)."""
    if server == "dovecot":
        return TlsFiles(
            _dovecot.file_setting(target, "ssl_cert"),
            _dovecot.file_setting(target, "ssl_key"),
            "ssl_cert/ssl_key in doveconf",
        )
    if server.startswith("courier"):
        config = "/etc/courier/pop3d-ssl" if server.endswith("pop3") else "/etc/courier/imapd-ssl"
        result = target.host.run('. %s >/dev/null 2>&1; printf %%s "$TLS_CERTFILE"', config)
        path = result.stdout.strip() or None
        return TlsFiles(path, path, f"TLS_CERTFILE in {config}")
    raise ValueError(f"unknown server {server!r}")
