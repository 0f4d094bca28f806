#!/bin/sh
# "priviledged" is a common misspelling, and Dovecot refuses the whole configuration for it.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^mail_privileged_group = mail/mail_priviledged_group = mail/' /etc/dovecot/conf.d/10-mail.conf
