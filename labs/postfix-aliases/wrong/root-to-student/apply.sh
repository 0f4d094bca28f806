#!/bin/sh
# Built properly, but root's mail goes to the wrong person.
set -e
printf 'root: student\nabuse: root\nmailer-daemon: postmaster\n' >> /etc/aliases
newaliases
