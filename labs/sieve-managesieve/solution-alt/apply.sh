#!/bin/sh
# Another answer: the protocols line commented out (the installed packages' own protocols.d files
# then list sieve), plaintext forbidden explicitly, and Debian's commented mail_plugins line in
# 20-lmtp.conf enabled.
set -e
sed -i 's/^protocols = imap lmtp$/#&/' /etc/dovecot/dovecot.conf
sed -i 's/^  disable_plaintext_auth = no$/  disable_plaintext_auth = yes/' /etc/dovecot/conf.d/20-managesieve.conf
sed -i 's/^  #mail_plugins = \$mail_plugins$/  mail_plugins = $mail_plugins sieve/' /etc/dovecot/conf.d/20-lmtp.conf
grep -q '^  mail_plugins = \$mail_plugins sieve$' /etc/dovecot/conf.d/20-lmtp.conf
doveconf -h protocols | grep -qw sieve
