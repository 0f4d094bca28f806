#!/bin/sh
# {{ virtual_user }}'s userdb is compiled, but authuserdb was added on an indented line that authdaemond ignores.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^authmodulelist=.*/authmodulelist="authpam"\n    authmodulelist="authuserdb authpam"/' /etc/courier/authdaemonrc
service courier-authdaemon restart </dev/null >/dev/null 2>&1
