#!/bin/sh
# A second valid answer: Debian's stock dovecot.conf with conf.d, and the site's choices in local.conf.
set -e
cp /etc/dovecot/dovecot.conf.debian /etc/dovecot/dovecot.conf
cat > /etc/dovecot/local.conf <<'CONF'
# Site settings carried over from the Dovecot 1.2 server.
ssl_cert = </etc/ssl/certs/ssl-cert-snakeoil.pem
ssl_key = </etc/ssl/private/ssl-cert-snakeoil.key
mail_location = maildir:%h/Maildir
auth_mechanisms = plain login cram-md5
passdb {
  driver = passwd-file
  args = scheme=CRAM-MD5 /etc/dovecot/{{ users_file }}.users
}
userdb {
  driver = passwd-file
  args = /etc/dovecot/{{ users_file }}.users
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
CONF
