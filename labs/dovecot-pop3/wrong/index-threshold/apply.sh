#!/bin/sh
# Indexes on disk again, but only for spools above 10 MiB.
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^#mbox_min_index_size = 0/mbox_min_index_size = 10M/' /etc/dovecot/conf.d/10-mail.conf
grep -q '^mbox_min_index_size = 10M' /etc/dovecot/conf.d/10-mail.conf
