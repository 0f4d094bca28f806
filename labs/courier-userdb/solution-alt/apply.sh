#!/bin/sh
# A second valid answer: the source written as a directory of files (userdb may be one),
# vmail's ids looked up, a SHA-512 crypt hash, PAM asked first.
set -e
uid=$(id -u vmail) gid=$(id -g vmail)
hash=$(openssl passwd -6 {{ virtual_user }})
mkdir -p /etc/courier/userdb
chmod 0700 /etc/courier/userdb
printf '{{ virtual_user }}\tuid=%s|gid=%s|home=/var/mail/virtual/{{ virtual_user }}|mail=/var/mail/virtual/{{ virtual_user }}/Maildir|systempw=%s\n' \
  "$uid" "$gid" "$hash" > /etc/courier/userdb/virtual
chmod 0600 /etc/courier/userdb/virtual
/usr/sbin/makeuserdb
sed -i 's/^authmodulelist=.*/authmodulelist="authpam authuserdb"/' /etc/courier/authdaemonrc
/etc/init.d/courier-authdaemon restart </dev/null >/dev/null 2>&1
