#!/bin/sh
# Reference answer: Debian's own mbox settings back in 10-mail.conf.
set -e
sed -i 's|^mail_location = .*|mail_location = mbox:~/{{ mbox_dir }}:INBOX=/var/mail/%u|' /etc/dovecot/conf.d/10-mail.conf
sed -i 's/^#mail_privileged_group = mail/mail_privileged_group = mail/' /etc/dovecot/conf.d/10-mail.conf
