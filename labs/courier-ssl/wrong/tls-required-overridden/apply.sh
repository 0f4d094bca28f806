#!/bin/sh
# IMAP_TLS_REQUIRED=1 written into imapd, while imapd-ssl still says 0: the IMAP server on 143
# gets its environment from imapd, then imapd-ssl, so imapd-ssl's 0 is in force.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^IMAP_TLS_REQUIRED=.*/IMAP_TLS_REQUIRED=0/' /etc/courier/imapd-ssl
echo 'IMAP_TLS_REQUIRED=1' >> /etc/courier/imapd
service courier-imap restart </dev/null >/dev/null 2>&1
