#!/bin/sh
# Folders go to ~/Mail, a name some mail programs use, not the agreed ~/{{ mbox_dir }}.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's|^mail_location = .*|mail_location = mbox:~/Mail:INBOX=/var/mail/%u|' /etc/dovecot/conf.d/10-mail.conf
