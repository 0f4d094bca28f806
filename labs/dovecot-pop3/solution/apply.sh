#!/bin/sh
# Reference answer: undo the two edits where they were made.
set -e
sed -i '/^# POP3 is not wanted here\.$/d; /^protocols = imap$/d' /etc/dovecot/dovecot.conf
sed -i 's|^\(mail_location = .*\):INDEX=MEMORY$|\1|' /etc/dovecot/conf.d/10-mail.conf
