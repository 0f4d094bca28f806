#!/bin/sh
# POP3DSTART=YES appended below the old POP3DSTART=NO: sh reads YES, but the init script reads both lines.
set -e
sed -i 's/^MAXDAEMONS=.*/MAXDAEMONS={{ max_daemons }}/; s/^MAXPERIP=.*/MAXPERIP={{ max_per_ip }}/' /etc/courier/pop3d
echo 'POP3DSTART=YES' >> /etc/courier/pop3d
service courier-pop restart </dev/null >/dev/null 2>&1
