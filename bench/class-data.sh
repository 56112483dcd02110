# Sourced by the bench scripts. A server started by bin/xshathra maps its jar's class-data archive
# once the launcher's background training has written it (seconds after a jar's first serve);
# measured runs start with it, as a user's server does from its second start on.

# ensure_archive JAR: when JAR has no archive newer than itself, starts bin/xshathra serve on it
# once (a free loopback port, a scratch data folder) and waits up to two minutes for the archive.
ensure_archive() {
  local jar="$1" scratch pid _
  has_archive() {
    local a
    for a in "${jar%.jar}"-*.jsa; do [[ -f "$a" && "$a" -nt "$jar" ]] && return 0; done
    return 1
  }
  has_archive && return 0
  scratch="$(mktemp -d)"
  XSHATHRA_JAR="$jar" "$root/bin/xshathra" serve --port 0 --address 127.0.0.1 --data-dir "$scratch/data" \
    >"$scratch/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    has_archive && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$scratch"
  has_archive || echo "bench: no class-data archive for $jar after two minutes; ours runs without it" >&2
}
