#!/usr/bin/env bash
# The test certificates of the TLS target (ws8-tls) and of the wss:// tests: a private CA and a
# server certificate for 127.0.0.1 and localhost signed by it, in targets/tls/certs/ (gitignored).
# Idempotent: nothing to do once they exist. Also a self-signed certificate nobody trusts, for the
# "untrusted certificate is a set-up error" test.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/certs"
if [ -s "$dir/server.pem" ] && [ -s "$dir/ca.pem" ] && [ -s "$dir/untrusted.pem" ]; then
  echo "targets/tls: certificates present"
  exit 0
fi
command -v openssl >/dev/null || { apt-get install -y -qq --no-install-recommends openssl >/dev/null; }
mkdir -p "$dir"
cd "$dir"
days=3650
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days \
  -subj "/CN=wsharness test CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days $days \
  -extfile server.ext 2>/dev/null
# Signed by nobody we trust: a client must refuse it.
openssl req -x509 -newkey rsa:2048 -nodes -keyout untrusted.key -out untrusted.pem -days $days \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
rm -f server.csr server.ext ca.srl
echo "targets/tls: test CA and server certificates made in $dir"
