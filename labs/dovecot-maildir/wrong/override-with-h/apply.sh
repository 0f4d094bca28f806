#!/bin/sh
# The userdb hands out the Maildir location, written with %h, which is still empty when the userdb runs.
set -e
sed -i 's|^  #override_fields = home=/home/virtual/%u$|  override_fields = mail=maildir:%h/Maildir|' \
  /etc/dovecot/conf.d/auth-system.conf.ext
grep -q '^  override_fields = mail=maildir:%h/Maildir$' /etc/dovecot/conf.d/auth-system.conf.ext
getent passwd | while IFS=: read -r name _ uid gid _ dir _; do
  if [ "$uid" -ge 1000 ] && [ -d "$dir/Maildir" ]; then chown -R "$uid:$gid" "$dir/Maildir"; fi
done
