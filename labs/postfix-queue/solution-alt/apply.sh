#!/bin/sh
# A second valid answer: the transport line points at Dovecot's LMTP socket, the spam is found
# with mailq and deleted one ID at a time, the held message is released by its ID, and sendmail -q
# flushes the queue.
set -e
printf 'mail.example.lab lmtp:unix:private/dovecot-lmtp\n' > /etc/postfix/transport
postmap /etc/postfix/transport
for id in $(mailq | awk '$0 ~ /@{{ spam_label }}.example$/ {print $1}' | tr -d '*!'); do
  postsuper -d "$id"
done
# held mail carries a ! after its ID in mailq
for id in $(mailq | awk '/^[0-9A-F]+!/ {print $1}' | tr -d '!'); do
  postsuper -H "$id"
done
service postfix restart >/dev/null 2>&1
sendmail -q
