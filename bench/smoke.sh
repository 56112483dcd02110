#!/usr/bin/env bash
# Delivery regression smoke for CI: `xshathra bench fanout` for a few seconds at a modest fixed
# rate against an already running server, once in JSON through the server API and once in
# Protobuf with client publishes. Fails (non-zero) on any loss, reordering, duplicate, publish
# error or dropped connection, never on speed: the rate is far below what any machine sustains
# and no figure is compared with a threshold.
#
#   bench/smoke.sh PORT [extra bench options...]
#
# Defaults fit the CI server started with conformance/config.json: its `chat` namespace allows
# subscribe for clients and publish for subscribers (history 10, which fan-out does not mind).
# Override with XS_SECRET, XS_API_KEY, XS_CHANNEL_PREFIX, XS_HOST, XS_JAR.
set -euo pipefail

port="${1:?usage: bench/smoke.sh PORT [extra bench options...]}"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${XS_JAR:-$root/server/target/xshathra.jar}"
host="${XS_HOST:-127.0.0.1}"
common=(
  --url "ws://$host:$port/connection/websocket"
  --api-url "http://$host:$port/api"
  --secret "${XS_SECRET:-conformance-secret}"
  --api-key "${XS_API_KEY:-conformance-api-key}"
  --channel-prefix "${XS_CHANNEL_PREFIX:-chat:smoke-}"
  --channels 5 --subscribers 20 --rate 200 --payload-bytes 256
  --duration 5 --warmup 1 --drain 10
)

echo "== bench smoke: fanout, JSON, publish through the server API"
java -jar "$jar" bench fanout "${common[@]}" --protocol json --publish-via api "$@"
echo "== bench smoke: fanout, Protobuf, publish as clients"
java -jar "$jar" bench fanout "${common[@]}" --protocol protobuf --publish-via client "$@"
