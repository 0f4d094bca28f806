#!/bin/sh
# default_mail_env was deleted instead of renamed: with no mail_location Dovecot guesses each
# user's format from their home, which finds the old Maildirs but nothing for a user without mail.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '/^mail_location = /d' /etc/dovecot/dovecot.conf
