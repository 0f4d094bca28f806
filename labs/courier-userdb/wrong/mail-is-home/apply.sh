#!/bin/sh
# carol's mail field names the folder that holds her Maildir, not the Maildir itself.
set -e
userdb carol set uid=5000 gid=5000 home=/var/mail/virtual/carol mail=/var/mail/virtual/carol
printf 'carol\ncarol\n' | userdbpw -md5 | userdb carol set systempw
makeuserdb
sed -i 's/^authmodulelist=.*/authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
