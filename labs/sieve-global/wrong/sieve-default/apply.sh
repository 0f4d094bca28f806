#!/bin/sh
# sieve_default instead of sieve_before: it runs only for users who have no script of their own.
set -e
mkdir -p /var/lib/dovecot/sieve
cat > /var/lib/dovecot/sieve/default.sieve <<'SIEVE'
require ["fileinto", "mailbox"];
if header :is "X-Spam-Flag" "YES" {
  fileinto :create "{{ junk_folder }}";
  stop;
}
SIEVE
printf 'plugin {\n  sieve_default = /var/lib/dovecot/sieve/default.sieve\n}\n' > /etc/dovecot/conf.d/91-sieve-default.conf
sievec /var/lib/dovecot/sieve/default.sieve
