#!/bin/sh
# The names are right, but smtpd listens on the loopback address only.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e inet_interfaces=127.0.0.1
