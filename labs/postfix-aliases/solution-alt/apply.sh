#!/bin/sh
# A second valid answer: every name straight to {{ ops_user }}, Debian's postmaster line rewritten in
# place, and the database built with postalias instead of newaliases.
set -e
sed -i 's/^postmaster:.*/postmaster: {{ ops_user }}/' /etc/aliases
printf '%s\n' '# people who read the system accounts' 'root: {{ ops_user }}' 'abuse: {{ ops_user }}' 'MAILER-DAEMON: {{ ops_user }}' >> /etc/aliases
postalias /etc/aliases
