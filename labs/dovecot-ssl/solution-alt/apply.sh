#!/bin/sh
# A second valid answer: openssl by hand with Dovecot's config, other paths, all settings in local.conf.
set -e
openssl req -new -x509 -nodes -days 365 -config /usr/share/dovecot/dovecot-openssl.cnf \
  -out /etc/ssl/certs/mail.example.lab.pem -keyout /etc/ssl/private/mail.example.lab.key >/dev/null 2>&1 || test -s /etc/ssl/private/mail.example.lab.key
chown root:root /etc/ssl/private/mail.example.lab.key
chmod 0400 /etc/ssl/private/mail.example.lab.key
cat > /etc/dovecot/local.conf <<'CONF'
# TLS for every client; passwords only inside TLS.
ssl = yes
ssl_cert = </etc/ssl/certs/mail.example.lab.pem
ssl_key = </etc/ssl/private/mail.example.lab.key
disable_plaintext_auth = yes
CONF
