"""Checks of TLS material: the certificate and key a server is configured with."""

from maillab import servers
from maillab.checks import check
from maillab.outcome import Outcome, failed, passed
from maillab.target import Target


def _public_key(target: Target, command: str, path: str) -> str | None:
    result = target.host.run(command, path)
    return result.stdout.strip() if result.rc == 0 and "BEGIN PUBLIC KEY" in result.stdout else None


@check
def key_matches_cert(target: Target, port: int = 993) -> Outcome:
    """The certificate and private key that serve `port` are configured, readable, and belong together.

    The login checks prove that the server presents the configured certificate; a server keeps
    the pair it loaded at start in memory, so whether the key on disk belongs to that
    certificate is seen only by comparing the files' public keys.

    Example::

        - {id: imap-cert-key, check: tls.key_matches_cert, with: {port: 993}, points: 1}
    """
    files = servers.tls_paths(target, port)
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
