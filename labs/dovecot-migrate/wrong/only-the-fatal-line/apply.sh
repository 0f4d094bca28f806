#!/bin/sh
# Only the setting Dovecot refuses was renamed; the rest still warns.
sed -i 's/^default_mail_env = /mail_location = /' /etc/dovecot/dovecot.conf
