#!/bin/sh
# Reference answer: a directory of before scripts under /etc/dovecot/sieve, named in a conf.d
# file of its own, compiled with sievec.
set -e
mkdir -p /etc/dovecot/sieve/before.d
cat > /etc/dovecot/sieve/before.d/10-spam.sieve <<'SIEVE'
require ["fileinto", "mailbox"];
if header :is "X-Spam-Flag" "YES" {
  fileinto :create "{{ junk_folder }}";
  stop;
}
SIEVE
printf 'plugin {\n  sieve_before = /etc/dovecot/sieve/before.d\n}\n' > /etc/dovecot/conf.d/91-sieve-before.conf
sievec /etc/dovecot/sieve/before.d
