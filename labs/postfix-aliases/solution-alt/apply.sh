#!/bin/sh
# A second valid answer: every name straight to admin, Debian's postmaster line rewritten in
# place, and the database built with postalias instead of newaliases.
set -e
sed -i 's/^postmaster:.*/postmaster: admin/' /etc/aliases
printf '%s\n' '# people who read the system accounts' 'root: admin' 'abuse: admin' 'MAILER-DAEMON: admin' >> /etc/aliases
postalias /etc/aliases
