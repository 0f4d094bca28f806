#!/bin/sh
# mydomain set to the top-level name: $mydomain in mydestination then means "lab", not example.lab.
set -e
sh "$MAILLAB_LAB/solution/apply.sh"
postconf -e mydomain=lab
