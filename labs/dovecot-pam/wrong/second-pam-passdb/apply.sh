#!/bin/sh
# /etc/pam.d/dovecot is back and a passdb asking it is added, but the one asking imap/pop3 stays first.
set -e
cat > /etc/pam.d/dovecot <<'PAM'
#%PAM-1.0
@include common-auth
@include common-account
@include common-session
PAM
printf 'passdb {\n  driver = pam\n  args = dovecot\n}\n' >> /etc/dovecot/local.conf
