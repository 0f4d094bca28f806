#!/bin/sh
# Logins "fixed" by a passdb that accepts any password.
sh "$MAILLAB_LAB/solution/apply.sh"
cat > /etc/dovecot/local.conf <<'CONF'
passdb {
  driver = static
  args = nopassword=y
}
CONF
