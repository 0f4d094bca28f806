#!/bin/sh
# Maildir format, but in ~/mail, where no mail was ever kept.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's|^mail_location = .*|mail_location = maildir:~/mail|' /etc/dovecot/conf.d/10-mail.conf
