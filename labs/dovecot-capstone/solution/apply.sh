#!/bin/sh
# Reference answer: fix each file where the problem is, with Debian's snakeoil certificate.
set -e
sed -i 's/^@include common-auht$/@include common-auth/' /etc/pam.d/dovecot
sed -i '/^protocols = imap$/d' /etc/dovecot/dovecot.conf
sed -i 's/^ssl = no/ssl = required/; s/^ssl_protocols = .*/ssl_min_protocol = TLSv1.2/' /etc/dovecot/conf.d/10-ssl.conf
sed -i 's|^ssl_cert = .*|ssl_cert = </etc/ssl/certs/ssl-cert-snakeoil.pem|; s|^ssl_key = .*|ssl_key = </etc/ssl/private/ssl-cert-snakeoil.key|' \
  /etc/dovecot/conf.d/10-ssl.conf
sed -i 's/^disable_plaintext_auth = no/disable_plaintext_auth = yes/' /etc/dovecot/conf.d/10-auth.conf
sed -i 's|^mail_location = .*|mail_location = maildir:~/Maildir|' /etc/dovecot/conf.d/10-mail.conf
