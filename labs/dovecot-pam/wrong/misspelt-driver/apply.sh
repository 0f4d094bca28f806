#!/bin/sh
# A typo inside the passdb block: Dovecot refuses the whole configuration.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i '0,/^  driver = pam/s//  drvier = pam/' /etc/dovecot/conf.d/auth-system.conf.ext
