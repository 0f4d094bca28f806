#!/bin/sh
# Reference answer: the names through postconf, mydomain and myorigin derived the usual way.
set -e
postconf -e myhostname=mail.example.lab mydomain=example.lab 'myorigin = $mydomain' \
  'mydestination = $myhostname, $mydomain, localhost.$mydomain, localhost' inet_interfaces=all
