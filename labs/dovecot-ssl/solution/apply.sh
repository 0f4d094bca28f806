#!/bin/sh
# Reference answer: Debian's mkcert.sh with Dovecot's OpenSSL config, settings in conf.d.
set -e
mkdir -p /etc/dovecot/ssl
cd /usr/share/dovecot
# On Debian 12 the script ends with exit 2 (openssl 3 cannot write RANDFILE=/dev/urandom)
# although the certificate and key are made; judge by the files instead.
sh mkcert.sh >/dev/null 2>&1 || test -s /etc/dovecot/ssl/dovecot.key
sed -i 's/^ssl = no/ssl = required/; s|^#ssl_cert = .*|ssl_cert = </etc/dovecot/ssl/dovecot.pem|; s|^#ssl_key = .*|ssl_key = </etc/dovecot/ssl/dovecot.key|' \
  /etc/dovecot/conf.d/10-ssl.conf
sed -i 's/^disable_plaintext_auth = no/disable_plaintext_auth = yes/' /etc/dovecot/conf.d/10-auth.conf
