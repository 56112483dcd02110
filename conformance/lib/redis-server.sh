# Sourced by scripts that need a Redis server on loopback. Defines redis_binary WORKDIR, which
# prints the path of a redis-server: the one on PATH; else the Linux binary inside the
# embedded-redis jar in the local Maven repository (present after `mvn verify`), unpacked into
# WORKDIR; else Debian's redis-server, installed with apt-get.
redis_binary() {
  local work="$1" jar_path
  if command -v redis-server >/dev/null 2>&1; then
    command -v redis-server
    return
  fi
  jar_path="$(find "${HOME}/.m2/repository/com/github/codemonstur/embedded-redis" -name 'embedded-redis-*.jar' 2>/dev/null | head -n 1 || true)"
  if [[ -n "$jar_path" ]] && (cd "$work" && unzip -o -q "$jar_path" 'redis-server-6.2.6-v5-linux-amd64' 2>/dev/null); then
    chmod +x "$work/redis-server-6.2.6-v5-linux-amd64"
    echo "$work/redis-server-6.2.6-v5-linux-amd64"
    return
  fi
  (apt-get install -y -qq redis-server >/dev/null 2>&1) \
    || (apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null)
  command -v redis-server
}

# start_redis BINARY PORT LOG: starts it in the background (no persistence) and waits until it
# accepts connections; leaves its pid in $redis_pid.
start_redis() {
  "$1" --port "$2" --bind 127.0.0.1 --save '' --appendonly no >"$3" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "redis-server did not start on port $2" >&2
  return 1
}
