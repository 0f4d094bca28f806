#!/bin/sh
# Only the host name and the interfaces fixed: the domain itself is still someone else's.
set -e
postconf -e myhostname=mail.example.lab inet_interfaces=all
