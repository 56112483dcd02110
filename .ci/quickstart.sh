#!/usr/bin/env bash
# The README's quick start, followed as a new user follows it: a scratch folder holding only what
# the README's build leaves (bin/, server/target/xshathra.jar, centrifugo/config.json), the
# launcher on the PATH, then each step with the README's own commands: serve, user create,
# project create, a token, the README's Node snippet subscribed, a publish it must receive, and
# the engine used directly with gentoken and the development secrets. The other examples of the
# docs, docs/api.md's among them, are run by .ci/doc-examples.sh.
#
#   .ci/quickstart.sh            # port 3001, as the README; XS_QUICKSTART_PORT=N for another
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port="${XS_QUICKSTART_PORT:-3001}"
work="$(mktemp -d)"
snippet="$root/conformance/.quickstart-$$.mjs"
serve_pid=""
node_pid=""
cleanup() {
  [[ -n "$node_pid" ]] && kill "$node_pid" 2>/dev/null || true
  [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null || true
  rm -f "$snippet"
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "quickstart: $*" >&2; echo "-- serve log" >&2; tail -n 40 "$work/serve.log" >&2 || true; exit 1; }

mkdir -p "$work/server/target"
cp -r "$root/bin" "$root/centrifugo" "$work/"
cp "$root/server/target/xshathra.jar" "$work/server/target/"
cd "$work"
export PATH="$work/bin:$PATH"
base="http://localhost:$port"

# 1. Start the server.
if [[ "$port" == 3001 ]]; then xshathra serve >serve.log 2>&1 & else xshathra serve --port "$port" >serve.log 2>&1 & fi
serve_pid=$!
for _ in $(seq 1 300); do grep -q "is ready" serve.log 2>/dev/null && break; sleep 0.2; done
grep -q "is ready" serve.log || fail "no ready block within 60 s"
grep -q "console      http://127.0.0.1:$port/" serve.log || fail "the ready block does not name the console URL"

# 2. The administrator and a project, from the command line.
printf '%s\n' 'quickstart-Passw0rd' | xshathra user create you@example.com --password-stdin >/dev/null \
  || fail "user create failed"
project="$(xshathra project create production --json)" || fail "project create failed"
SERVER_API_KEY="$(jq -r .server_api_key <<<"$project")"
[[ "$SERVER_API_KEY" == xs_sk_* ]] || fail "project create printed no server key: $project"

# 3. A connection token from the backend API.
TOKEN="$(curl -s -X POST "$base/api/realtime/token" \
  -H "Authorization: apikey $SERVER_API_KEY" -H 'Content-Type: application/json' \
  -d '{"userId":"alice","ttlSeconds":900}' | jq -r .token)"
[[ "$TOKEN" == ey* ]] || fail "no token from /api/realtime/token"

# 4. The README's Node snippet (its Node lines, then the browser snippet's subscription lines).
{
  awk '/^   Under Node/ { on = 1 } on && /^   ```js/ { grab = 1; next } grab && /^   ```/ { exit } grab' "$root/README.md"
  awk '/^   ```js/ && !done { grab = 1; next } grab && /^   ```/ { exit } grab' "$root/README.md" | grep -E '^ *(const sub|sub\.|client\.connect)'
} | sed 's/^   //; s#localhost:3001#localhost:'"$port"'#' >"$snippet"
grep -q "websocket: WebSocket" "$snippet" && grep -q "newSubscription('public:lobby')" "$snippet" \
  || fail "could not extract the Node snippet from the README"
TOKEN="$TOKEN" node "$snippet" >"$work/node.out" 2>&1 &
node_pid=$!

# 5. The backend publishes; the snippet must print what it got (published again until the
#    subscription is in place, at most 20 s).
for _ in $(seq 1 40); do
  curl -s -X POST "$base/api/realtime/publish" \
    -H "Authorization: apikey $SERVER_API_KEY" -H 'Content-Type: application/json' \
    -d '{"channel":"public:lobby","data":{"text":"hello"}}' | jq -e '.channel == "public:lobby"' >/dev/null \
    || fail "publish refused"
  grep -q "got { text: 'hello' }" "$work/node.out" && break
  sleep 0.5
done
grep -q "got { text: 'hello' }" "$work/node.out" || { cat "$work/node.out" >&2; fail "the Node snippet received nothing"; }

# The engine directly: gentoken and the development secrets, as in "Using the engine directly".
TOKEN="$(xshathra gentoken --user alice --ttl 3600)"
[[ "$TOKEN" == ey* ]] || fail "gentoken printed no token"
API_KEY="$(python3 -c "import json;print(json.load(open('data/dev-secrets.json'))['api_key'])")"
curl -s -X POST "$base/realtime/api/publish" -H "X-API-Key: $API_KEY" \
  -d '{"channel":"public:lobby","data":{"text":"hello"}}' | jq -e '.result' >/dev/null \
  || fail "the engine's server API refused the README's publish"
echo "quickstart: every step of the README's quick start worked"

