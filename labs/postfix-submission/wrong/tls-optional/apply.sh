#!/bin/sh
# TLS offered but not required: the service keeps Debian's "may", so a client can send without it.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -P submission/inet/smtpd_tls_security_level=may
