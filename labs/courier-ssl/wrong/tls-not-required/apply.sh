#!/bin/sh
# STARTTLS is offered on 143 but not required, so passwords may still travel in the clear.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^IMAP_TLS_REQUIRED=.*/IMAP_TLS_REQUIRED=0/' /etc/courier/imapd-ssl
service courier-imap restart </dev/null >/dev/null 2>&1
