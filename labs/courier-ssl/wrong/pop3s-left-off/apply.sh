#!/bin/sh
# Certificates made and IMAP done, but the POP3 TLS server was never switched on.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^POP3DSSLSTART=.*/POP3DSSLSTART=NO/' /etc/courier/pop3d-ssl
service courier-pop-ssl stop </dev/null >/dev/null 2>&1
