#!/bin/sh
# Reference answer: switch POP3 on and set both limits in /etc/courier/pop3d.
set -e
sed -i 's/^POP3DSTART=.*/POP3DSTART=YES/; s/^MAXDAEMONS=.*/MAXDAEMONS={{ max_daemons }}/; s/^MAXPERIP=.*/MAXPERIP={{ max_per_ip }}/' /etc/courier/pop3d
service courier-pop restart </dev/null >/dev/null 2>&1
