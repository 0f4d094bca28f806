#!/bin/sh
# {{ archive_folder }} created for everyone but never subscribed, so mail clients do not show it.
sh "$MAILLAB_LAB/solution/apply.sh"
for user in student alice bob admin; do doveadm mailbox unsubscribe -u "$user" {{ archive_folder }}; done
