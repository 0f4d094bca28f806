#!/bin/sh
# The snakeoil key made readable by everyone so Dovecot "can read it".
sh "$MAILLAB_LAB/solution/apply.sh"
chmod 0644 /etc/ssl/private/ssl-cert-snakeoil.key
