#!/bin/sh
# root is routed, but abuse and mailer-daemon were forgotten.
set -e
echo 'root: admin' >> /etc/aliases
newaliases
