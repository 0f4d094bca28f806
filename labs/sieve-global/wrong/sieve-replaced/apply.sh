#!/bin/sh
# The spam script is made everybody's personal script (plugin sieve =) instead of a before script:
# spam is filtered for all, but alice's own script no longer runs.
set -e
mkdir -p /etc/dovecot/sieve
cat > /etc/dovecot/sieve/spam.sieve <<'SIEVE'
require ["fileinto", "mailbox"];
if header :is "X-Spam-Flag" "YES" {
  fileinto :create "{{ junk_folder }}";
}
SIEVE
printf 'plugin {\n  sieve = file:/etc/dovecot/sieve/spam.sieve\n}\n' > /etc/dovecot/conf.d/91-sieve-everyone.conf
sievec /etc/dovecot/sieve/spam.sieve
