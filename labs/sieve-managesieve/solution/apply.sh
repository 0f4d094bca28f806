#!/bin/sh
# Reference answer: sieve added to the protocols line in dovecot.conf, the plaintext exception
# removed from 20-managesieve.conf, and the Sieve plugin loaded for LMTP in a conf.d file of its own.
set -e
sed -i 's/^protocols = imap lmtp$/protocols = imap lmtp sieve/' /etc/dovecot/dovecot.conf
sed -i '/^  disable_plaintext_auth = no$/d' /etc/dovecot/conf.d/20-managesieve.conf
printf 'protocol lmtp {\n  mail_plugins = $mail_plugins sieve\n}\n' > /etc/dovecot/conf.d/95-sieve-delivery.conf
doveconf -f protocol=lmtp -h mail_plugins | grep -qw sieve
