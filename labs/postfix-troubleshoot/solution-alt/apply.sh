#!/bin/sh
# A second valid answer: Postfix follows the socket to its new name, and Dovecot's lookup name
# is set in a file of its own that is read after 99-maillab.conf.
set -e
postconf -e 'mailbox_transport = lmtp:unix:private/{{ lmtp_socket }}'
printf '%s\n' '# LMTP recipients arrive as user@domain; /etc/passwd knows the user part' \
  'auth_username_format = %n' > /etc/dovecot/conf.d/99-zz-username.conf
