#!/bin/sh
# The office written as a /16: its neighbours may relay too.
set -e
postconf -e 'mynetworks = 127.0.0.0/8 198.51.0.0/16'
