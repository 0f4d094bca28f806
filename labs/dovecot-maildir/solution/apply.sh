#!/bin/sh
# Reference answer: Maildir in the home directory, set in 10-mail.conf; alice gets her Maildir back.
set -e
sed -i 's|^mail_location = .*|mail_location = maildir:~/Maildir|' /etc/dovecot/conf.d/10-mail.conf
chown -R alice:alice /home/alice/Maildir
