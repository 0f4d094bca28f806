#!/bin/sh
# The aliases are right in the text file, but makealiases never ran.
set -e
sed -i 's/^postmaster:.*/postmaster: {{ ops_user }}/' /etc/courier/aliases/system
