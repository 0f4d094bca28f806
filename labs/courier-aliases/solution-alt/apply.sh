#!/bin/sh
# A second valid answer: leave Debian's file alone except postmaster's empty line,
# and route every name in a separate local file, each straight to {{ ops_user }}.
set -e
sed -i '/^postmaster:[[:space:]]*$/d' /etc/courier/aliases/system
sed -i '/^\(root\|mailer-daemon\|MAILER-DAEMON\|uucp\):/d' /etc/courier/aliases/system
cat > /etc/courier/aliases/local <<'ALIASES'
# People who read the system accounts' mail on mail.example.lab.
postmaster: {{ ops_user }}
root: {{ ops_user }}
mailer-daemon: {{ ops_user }}
MAILER-DAEMON: {{ ops_user }}
uucp: {{ ops_user }}
ALIASES
chmod 0640 /etc/courier/aliases/local
chgrp courier /etc/courier/aliases/local
/usr/sbin/makealiases
