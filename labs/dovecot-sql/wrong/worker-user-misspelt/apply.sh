#!/bin/sh
# The worker's user set with a setting that does not exist: Dovecot refuses the whole configuration.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^  user = $default_internal_user$/  #user = root/' /etc/dovecot/conf.d/10-master.conf
printf 'auth_worker_user = dovecot\n' >> /etc/dovecot/local.conf
