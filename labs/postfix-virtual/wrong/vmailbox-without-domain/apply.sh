#!/bin/sh
# The mailbox table lists bare user names: virtual_mailbox_maps is asked for the whole address.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
printf '%s\t%s\n' '{{ box_user }}' 'example.net/{{ box_user }}/' > /etc/postfix/vmailbox
postmap /etc/postfix/vmailbox
