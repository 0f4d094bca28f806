#!/bin/sh
# root sent to {{ ops_user }}@example.lab: that domain is not one this server delivers
# (mydestination holds mail.example.lab), so the mail leaves for the relay host and never arrives.
set -e
printf 'root: {{ ops_user }}@example.lab\nabuse: root\nmailer-daemon: root\n' >> /etc/aliases
newaliases
