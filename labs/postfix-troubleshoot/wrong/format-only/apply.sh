#!/bin/sh
# Only the second fault fixed: Dovecot would find the users, but Postfix never reaches it.
set -e
sed -i 's|^auth_username_format = %Lu|auth_username_format = %Ln|' /etc/dovecot/conf.d/99-maillab.conf
