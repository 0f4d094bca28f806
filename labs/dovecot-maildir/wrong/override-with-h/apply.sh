#!/bin/sh
# The second answer, with the userdb's location written with %h, which is still empty when the userdb runs.
set -e
sh "$MAILLAB_LAB/solution-alt/apply.sh"
sed -i 's|^  override_fields = mail=maildir:~/Maildir$|  override_fields = mail=maildir:%h/Maildir|' \
  /etc/dovecot/conf.d/auth-system.conf.ext
grep -q '^  override_fields = mail=maildir:%h/Maildir$' /etc/dovecot/conf.d/auth-system.conf.ext
