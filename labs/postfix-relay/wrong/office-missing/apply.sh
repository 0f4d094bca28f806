#!/bin/sh
# Closed, but for the office too.
set -e
postconf -e 'mynetworks = 127.0.0.0/8 [::1]/128'
