#!/bin/sh
# Reference answer: userdb and userdbpw, makeuserdb, authuserdb before authpam.
set -e
userdb {{ virtual_user }} set uid=5000 gid=5000 home=/var/mail/virtual/{{ virtual_user }} mail=/var/mail/virtual/{{ virtual_user }}/Maildir
printf '{{ virtual_user }}\n{{ virtual_user }}\n' | userdbpw -md5 | userdb {{ virtual_user }} set systempw
makeuserdb
sed -i 's/^authmodulelist=.*/authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
