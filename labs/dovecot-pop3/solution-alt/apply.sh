#!/bin/sh
# A second valid answer: override in local.conf, with indexes in their own folder and a small threshold.
set -e
cat > /etc/dovecot/local.conf <<'CONF'
protocols = imap pop3
mail_location = mbox:~/mail:INBOX=/var/mail/%u:INDEX=~/.mail-index
mbox_min_index_size = 64k
CONF
