#!/bin/sh
# A misspelt setting: Dovecot refuses the whole configuration.
sh "$MAILLAB_LAB/solution/apply.sh"
echo 'ssl_certificate = </etc/dovecot/ssl/dovecot.pem' >> /etc/dovecot/conf.d/10-ssl.conf
