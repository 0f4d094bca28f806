#!/bin/sh
# auth_mechanism (no s) is not a setting: Dovecot refuses the whole configuration.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^auth_mechanisms = /auth_mechanism = /' /etc/dovecot/conf.d/10-auth.conf
