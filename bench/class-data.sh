# Sourced by the bench scripts. A server started by bin/xshathra maps its jar's class-data archive
# once the launcher's background training has written it (seconds after a jar's first serve);
# measured runs start with it, as a user's server does from its second start on.

# has_archive JAR: true when JAR has an archive newer than itself.
has_archive() {
  local a
  for a in "${1%.jar}"-*.jsa; do [[ -f "$a" && "$a" -nt "$1" ]] && return 0; done
  return 1
}

# ensure_archive JAR: when JAR has no archive newer than itself, starts bin/xshathra serve on it
# once (a free loopback port, a scratch data folder) and waits up to two minutes for the archive.
ensure_archive() {
  local jar="$1" scratch pid _
  has_archive "$jar" && return 0
  scratch="$(mktemp -d)"
  XSHATHRA_JAR="$jar" "$root/bin/xshathra" serve --port 0 --address 127.0.0.1 --data-dir "$scratch/data" \
    >"$scratch/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    has_archive "$jar" && break
    sleep 0.1
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$scratch"
  has_archive "$jar" || echo "bench: no class-data archive for $jar after two minutes; ours runs without it" >&2
}

# ensure_archives "SERVERS" OURS_JAR BASELINE_JAR: the archives of the servers of ours the run
# names ("ours" and "baseline" in SERVERS; Centrifugo has none).
ensure_archives() {
  if [[ " $1 " == *" ours "* ]]; then ensure_archive "$2"; fi
  if [[ " $1 " == *" baseline "* ]]; then ensure_archive "$3"; fi
}
