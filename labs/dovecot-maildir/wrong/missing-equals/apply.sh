#!/bin/sh
# The setting was written without its equals sign: Dovecot refuses the whole configuration.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's|^mail_location = .*|mail_location maildir:~/Maildir|' /etc/dovecot/conf.d/10-mail.conf
