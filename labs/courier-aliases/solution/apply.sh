#!/bin/sh
# Reference answer: give postmaster a real user in Debian's system file, then compile.
set -e
sed -i 's/^postmaster:.*/postmaster: admin/' /etc/courier/aliases/system
makealiases
