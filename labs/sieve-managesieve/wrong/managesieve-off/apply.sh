#!/bin/sh
# The plugin is loaded for LMTP and plaintext is forbidden, but sieve is still left out of the protocols.
set -e
sed -i '/^  disable_plaintext_auth = no$/d' /etc/dovecot/conf.d/20-managesieve.conf
printf 'protocol lmtp {\n  mail_plugins = $mail_plugins sieve\n}\n' > /etc/dovecot/conf.d/95-sieve-delivery.conf
