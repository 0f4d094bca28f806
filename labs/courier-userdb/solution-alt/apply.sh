#!/bin/sh
# A second valid answer: the source written as a directory of files (userdb may be one),
# vmail's ids looked up, a SHA-512 crypt hash, PAM asked first.
set -e
uid=$(id -u vmail) gid=$(id -g vmail)
hash=$(openssl passwd -6 carol)
mkdir -p /etc/courier/userdb
chmod 0700 /etc/courier/userdb
printf 'carol\tuid=%s|gid=%s|home=/var/mail/virtual/carol|mail=/var/mail/virtual/carol/Maildir|systempw=%s\n' \
  "$uid" "$gid" "$hash" > /etc/courier/userdb/virtual
chmod 0600 /etc/courier/userdb/virtual
/usr/sbin/makeuserdb
sed -i 's/^authmodulelist=.*/authmodulelist="authpam authuserdb"/' /etc/courier/authdaemonrc
/etc/init.d/courier-authdaemon restart </dev/null >/dev/null 2>&1
