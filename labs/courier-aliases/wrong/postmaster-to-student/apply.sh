#!/bin/sh
# Compiled properly, but postmaster's mail goes to the wrong person.
set -e
sed -i 's/^postmaster:.*/postmaster: student/' /etc/courier/aliases/system
makealiases
