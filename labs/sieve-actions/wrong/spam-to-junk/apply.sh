#!/bin/sh
# Spam is filed into Junk instead of being thrown away.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/^require \["reject", "imap4flags"\];/require ["reject", "imap4flags", "fileinto", "mailbox"];/; s/^  discard;$/  fileinto :create "Junk";/' /home/alice/.dovecot.sieve
grep -q 'fileinto :create "Junk"' /home/alice/.dovecot.sieve
