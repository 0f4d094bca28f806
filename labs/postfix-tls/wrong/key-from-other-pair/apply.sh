#!/bin/sh
# The certificate was made again, but main.cf still names the key of the old pair.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e smtpd_tls_key_file=/etc/ssl/private/ssl-cert-snakeoil.key
