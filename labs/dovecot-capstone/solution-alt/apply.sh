#!/bin/sh
# A second valid answer: a new PAM file, a certificate from mkcert.sh, overrides in local.conf.
set -e
cat > /etc/pam.d/dovecot <<'PAM'
#%PAM-1.0
auth     required pam_unix.so
account  required pam_unix.so
session  required pam_unix.so
PAM
mkdir -p /etc/dovecot/ssl
cd /usr/share/dovecot
sh mkcert.sh >/dev/null 2>&1 || test -s /etc/dovecot/ssl/dovecot.key
chmod 0400 /etc/dovecot/ssl/dovecot.key
sed -i '/^ssl_protocols/d' /etc/dovecot/conf.d/10-ssl.conf
cat > /etc/dovecot/local.conf <<'CONF'
protocols = imap pop3
ssl = yes
ssl_cert = </etc/dovecot/ssl/dovecot.pem
ssl_key = </etc/dovecot/ssl/dovecot.key
disable_plaintext_auth = yes
mail_location = maildir:%h/Maildir
CONF
