#!/bin/sh
# POP3 switched on, but mail_location still ends in :INDEX=MEMORY.
set -e
sed -i '/^# POP3 is not wanted here\.$/d; /^protocols = imap$/d' /etc/dovecot/dovecot.conf
grep -q 'INDEX=MEMORY' /etc/dovecot/conf.d/10-mail.conf
