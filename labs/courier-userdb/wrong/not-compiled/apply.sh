#!/bin/sh
# carol is in the source and the module list is right, but makeuserdb never ran.
set -e
userdb carol set uid=5000 gid=5000 home=/var/mail/virtual/carol mail=/var/mail/virtual/carol/Maildir
printf 'carol\ncarol\n' | userdbpw -md5 | userdb carol set systempw
sed -i 's/^authmodulelist=.*/authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
