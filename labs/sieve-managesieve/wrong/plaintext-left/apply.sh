#!/bin/sh
# ManageSieve on and the plugin loaded, but the plaintext exception is left in place.
set -e
sed -i 's/^protocols = imap lmtp$/protocols = imap lmtp sieve/' /etc/dovecot/dovecot.conf
printf 'protocol lmtp {\n  mail_plugins = $mail_plugins sieve\n}\n' > /etc/dovecot/conf.d/95-sieve-delivery.conf
