#!/bin/sh
# POP3 on, but the limits went into pop3d-ssl, which only the server on 995 reads.
set -e
sed -i 's/^POP3DSTART=.*/POP3DSTART=YES/' /etc/courier/pop3d
printf 'MAXDAEMONS={{ max_daemons }}\nMAXPERIP={{ max_per_ip }}\n' >> /etc/courier/pop3d-ssl
service courier-pop restart </dev/null >/dev/null 2>&1
