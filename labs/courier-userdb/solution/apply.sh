#!/bin/sh
# Reference answer: userdb and userdbpw, makeuserdb, authuserdb before authpam.
set -e
userdb carol set uid=5000 gid=5000 home=/var/mail/virtual/carol mail=/var/mail/virtual/carol/Maildir
printf 'carol\ncarol\n' | userdbpw -md5 | userdb carol set systempw
makeuserdb
sed -i 's/^authmodulelist=.*/authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
