#!/bin/sh
# The flag is set at the top of the script, outside the URGENT test: every kept message is flagged.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^require \["reject", "imap4flags"\];$/&\naddflag "\\\\Flagged";/' /home/alice/.dovecot.sieve
sed -n 2p /home/alice/.dovecot.sieve | grep -qx 'addflag "\\\\Flagged";'
