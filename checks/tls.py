"""Checks of TLS material: the certificate and key a server is configured with."""

from maillab.checks._locate import tls_files

from maillab.outcome import Outcome, failed, passed
from maillab.target import Target


def _public_key(target: Target, command: str, path: str) -> str | None:
    result = target.host.run(command, path)
    return result.stdout.strip() if result.rc == 0 and "BEGIN PUBLIC KEY" in result.stdout else None


def key_matches_cert(target: Target, server: str = "dovecot") -> Outcome:
    """A certificate and its matching private key are configured and readable."""
    files = tls_files(target, server)
    if not files.cert or not files.key:
        return failed(f"no certificate and key are configured ({files.origin})")
    cert_key = _public_key(target, "openssl x509 -noout -pubkey -in %s", files.cert)
    if cert_key is None:
        return failed(f"{files.cert} is not a readable PEM certificate")
    private = _public_key(target, "openssl pkey -pubout -in %s", files.key)
    if private is None:
        return failed(f"{files.key} is not a readable PEM private key")
    if cert_key != private:
        return failed(f"the key {files.key} does not belong to the certificate {files.cert}")
    return passed(f"{files.cert} and its key {files.key} match")
