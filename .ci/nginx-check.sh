#!/usr/bin/env bash
# Runs the centrifuge-js conformance suite through nginx configured with the snippet shipped in
# docs/nginx/xshathra.conf, against a running Xshathra on 127.0.0.1:$1.
set -euo pipefail
port=${1:?xshathra port}
proxy_port=${2:-18080}
root=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v nginx >/dev/null 2>&1; then
  echo "installing nginx"
  (apt-get install -y -qq nginx >/dev/null 2>&1) || (apt-get update -qq >/dev/null && apt-get install -y -qq nginx >/dev/null)
fi
work=$(mktemp -d)
mkdir -p "$work/logs" "$work/tmp"
sed -e "s/127.0.0.1:3001/127.0.0.1:$port/" -e "s/listen 8080;/listen 127.0.0.1:$proxy_port;/" \
  "$root/docs/nginx/xshathra.conf" > "$work/xshathra.conf"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/xshathra.conf;
}
CONF
nginx -t -p "$work" -c "$work/nginx.conf" 2>&1 | tail -1
nginx -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null || true; wait $nginx_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$proxy_port/realtime/health" >/dev/null 2>&1 && break
  sleep 0.1
done
XS_TARGET_NAME=xshathra-nginx bash "$root/conformance/run.sh" \
  "ws://127.0.0.1:$proxy_port/realtime/connection/websocket" "http://127.0.0.1:$proxy_port/realtime/api"
