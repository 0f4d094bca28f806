#!/bin/sh
# fileinto without :create: alice has the folder, bob has none, so bob's spam falls back to INBOX.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
sed -i 's/fileinto :create/fileinto/' /etc/dovecot/sieve/before.d/10-spam.sieve
sievec /etc/dovecot/sieve/before.d
