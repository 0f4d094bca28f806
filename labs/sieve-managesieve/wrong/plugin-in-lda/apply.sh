#!/bin/sh
# ManageSieve is fixed, but the plugin is loaded for the LDA (dovecot-lda), which Postfix does not
# use here: it delivers over LMTP, so scripts are stored but never run.
set -e
sed -i 's/^protocols = imap lmtp$/protocols = imap lmtp sieve/' /etc/dovecot/dovecot.conf
sed -i '/^  disable_plaintext_auth = no$/d' /etc/dovecot/conf.d/20-managesieve.conf
printf 'protocol lda {\n  mail_plugins = $mail_plugins sieve\n}\n' > /etc/dovecot/conf.d/95-sieve-delivery.conf
