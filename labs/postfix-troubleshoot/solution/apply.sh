#!/bin/sh
# Reference answer: Dovecot's socket back where Postfix looks, and users looked up by local part.
set -e
conf=/etc/dovecot/conf.d/99-maillab.conf
sed -i -e 's|private/{{ lmtp_socket }} {|private/dovecot-lmtp {|' \
  -e 's|^auth_username_format = %Lu|auth_username_format = %Ln|' "$conf"
