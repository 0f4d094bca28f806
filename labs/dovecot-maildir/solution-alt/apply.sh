#!/bin/sh
# A second valid answer: %h in local.conf, and every user's Maildir handed back to its owner.
set -e
printf '# Mail lives in the Maildir of each home directory.\nmail_location = maildir:%%h/Maildir/\n' >> /etc/dovecot/local.conf
getent passwd | while IFS=: read -r name _ uid gid _ dir _; do
  if [ "$uid" -ge 1000 ] && [ -d "$dir/Maildir" ]; then chown -R "$uid:$gid" "$dir/Maildir"; fi
done
