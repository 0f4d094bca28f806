#!/bin/sh
# mynetworks is right, but a restriction lets every client pass before the relay test.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e 'smtpd_relay_restrictions = permit_mynetworks, check_client_access static:OK, defer_unauth_destination'
