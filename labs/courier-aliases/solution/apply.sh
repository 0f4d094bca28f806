#!/bin/sh
# Reference answer: give postmaster a real user in Debian's system file, then compile.
set -e
sed -i 's/^postmaster:.*/postmaster: {{ ops_user }}/' /etc/courier/aliases/system
makealiases
