#!/bin/sh
# mynetworks is right, but a restriction lets every client pass before the relay test.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e 'smtpd_relay_restrictions = check_client_access static:OK, permit_mynetworks, defer_unauth_destination'
