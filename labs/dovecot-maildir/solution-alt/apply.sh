#!/bin/sh
# A second valid answer: mail_location left alone, the passwd userdb hands every user a Maildir
# location through override_fields (written with ~: %h is still empty when the userdb runs),
# and every user's Maildir goes back to its owner.
set -e
sed -i 's|^  #override_fields = home=/home/virtual/%u$|  override_fields = mail=maildir:~/Maildir|' \
  /etc/dovecot/conf.d/auth-system.conf.ext
grep -q '^  override_fields = mail=maildir:~/Maildir$' /etc/dovecot/conf.d/auth-system.conf.ext
getent passwd | while IFS=: read -r name _ uid gid _ dir _; do
  if [ "$uid" -ge 1000 ] && [ -d "$dir/Maildir" ]; then chown -R "$uid:$gid" "$dir/Maildir"; fi
done
