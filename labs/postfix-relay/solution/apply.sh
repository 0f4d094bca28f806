#!/bin/sh
# Reference answer: the machine itself and the office are mynetworks, Debian's relay restrictions stay.
set -e
postconf -e 'mynetworks = 198.51.{{ office_net }}.0/24 127.0.0.0/8 [::1]/128 [::ffff:127.0.0.0]/104'
