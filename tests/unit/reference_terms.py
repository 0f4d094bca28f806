"""Files, terms and utilities the reference text (LPIC-2 211.3, remote e-mail delivery) names.

Each must be asked about by at least three questions (in a prompt, a choice or a fill answer).
"""

REFERENCE_TERMS = [
    # files and folders
    "/etc/courier",
    "dovecot.conf",
    "/etc/dovecot.conf",
    "/usr/lib/courier-imap/etc",
    "imapd",
    "imapd-ssl",
    "pop3d",
    "pop3d-ssl",
    "aliases.dat",
    "aliases/system",
    "/etc/pam.d/dovecot",
    "mkcert.sh",
    "dovecot-openssl.cnf",
    "/etc/ssl/certs",
    "/etc/ssl/private",
    "dovecot.pem",
    # utilities
    "makealiases",
    "openssl",
    "pam_unix.so",
    # terms
    "courier-authlib",
    "postmaster",
    "root",
    "mailer-daemon",
    "PAM",
    "LDAP",
    "SQL",
    "passwd",
    "mechanisms",
    "PLAIN",
    "CRAM-MD5",
    "DIGEST-MD5",
    "APOP",
    "mail_location",
    "maildir",
    "mbox",
    "%u",
    "/var/mail",
    "self-signed",
    "SSLDIR",
    "POP3",
    "index",
    "mbox_min_index_size",
    "TLS",
]
