#!/bin/sh
# The classic mistake: the aliases are written, but the database is never rebuilt.
set -e
printf 'root: {{ ops_user }}\nabuse: root\nmailer-daemon: postmaster\n' >> /etc/aliases
