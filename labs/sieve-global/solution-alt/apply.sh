#!/bin/sh
# Another answer: one script file under /var/lib/dovecot/sieve, set by uncommenting Debian's own
# sieve_before line in 90-sieve.conf; two require lines, a case-insensitive :contains test, no stop.
set -e
mkdir -p /var/lib/dovecot/sieve
cat > /var/lib/dovecot/sieve/spam-first.sieve <<'SIEVE'
require "fileinto";
require "mailbox";
if header :contains "x-spam-flag" "yes" {
  fileinto :create "{{ junk_folder }}";
}
SIEVE
sed -i 's|^  #sieve_before = /var/lib/dovecot/sieve.d/$|  sieve_before = /var/lib/dovecot/sieve/spam-first.sieve|' /etc/dovecot/conf.d/90-sieve.conf
grep -q '^  sieve_before = /var/lib/dovecot/sieve/spam-first.sieve' /etc/dovecot/conf.d/90-sieve.conf
sievec /var/lib/dovecot/sieve/spam-first.sieve
