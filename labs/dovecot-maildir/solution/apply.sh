#!/bin/sh
# Reference answer: Maildir in the home directory, set in 10-mail.conf; {{ restored_user }} gets their Maildir back.
set -e
sed -i 's|^mail_location = .*|mail_location = maildir:~/Maildir|' /etc/dovecot/conf.d/10-mail.conf
chown -R {{ restored_user }}:{{ restored_user }} /home/{{ restored_user }}/Maildir
