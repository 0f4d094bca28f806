#!/bin/sh
# Only the office is listed: the server's own programs lose the right to relay.
set -e
postconf -e 'mynetworks = 198.51.{{ office_net }}.0/24'
