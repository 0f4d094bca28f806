#!/bin/sh
# A second valid answer: the same intent with %h and %n, set in local.conf.
set -e
cat >> /etc/dovecot/local.conf <<'CONF'
# Spool INBOX in /var/mail, folders as mbox files in each home.
mail_location = mbox:%h/{{ mbox_dir }}/:INBOX=/var/mail/%n
mail_privileged_group = mail
CONF
