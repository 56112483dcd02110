#!/usr/bin/env bash
# Runs every example of the docs as written (.ci/doc-examples.mjs; the annotations are described
# in docs/writing-docs.md), after proving on a fixture that the checker fails a failing block.
#
#   .ci/doc-examples.sh                 # README.md, docs/*.md, client/README.md
#   .ci/doc-examples.sh docs/grpc.md    # only these files
#
# Needs server/target/xshathra.jar (mvn -q -DskipTests package), Node 20, curl and jq. Provides
# the tools that annotated blocks name with needs=: grpcurl (go install, Go module proxy) and
# redis-server (as conformance/two-nodes.sh finds one), in a cache folder put first on PATH.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [[ ! -d conformance/node_modules/centrifuge || ! -d conformance/node_modules/ws ]]; then
  (cd conformance && npm ci --no-audit --no-fund >/dev/null)
fi

# The tools blocks ask for with needs=, only when some block of these files does.
docs=("$@")
(( ${#docs[@]} )) || docs=(README.md docs/*.md client/README.md)
needs() { grep -Eq "<!-- example:.* needs=([a-z-]+,)*$1([ ,]|-->)" "${docs[@]}"; }
tools="${XDG_CACHE_HOME:-$HOME/.cache}/xshathra-doc-examples/bin"
mkdir -p "$tools"
export PATH="$tools:$PATH"
if needs grpcurl && ! command -v grpcurl >/dev/null 2>&1; then
  if ! command -v go >/dev/null 2>&1 && [[ ! -x /usr/local/go/bin/go ]] && command -v apt-get >/dev/null 2>&1; then
    # A machine with only a JDK and Maven: Debian's Go is enough to build grpcurl.
    apt-get install -y -q golang-go >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q golang-go >/dev/null; } \
      || echo "doc-examples: could not install Go" >&2
  fi
  GOBIN="$tools" "$(command -v go || echo /usr/local/go/bin/go)" install github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.3 \
    || echo "doc-examples: could not install grpcurl; the blocks that need it fail" >&2
fi
if { needs redis-server || needs redis || grep -q 'redis://\(127.0.0.1\|localhost\)' docs/examples/*.json; } \
  && ! command -v redis-server >/dev/null 2>&1; then
  # shellcheck source=../conformance/lib/redis-server.sh
  source conformance/lib/redis-server.sh
  ln -sf "$(redis_binary "$tools")" "$tools/redis-server"
fi

# The checker itself: the fixture holds a passing, a failing, a skipped block and a bad
# annotation; the run must exit 1 and report exactly those.
fixture=.ci/doc-examples/fixture.md
status=0
out="$(node .ci/doc-examples.mjs "$fixture" 2>&1)" || status=$?
want="$(grep -o '<!-- want: [A-Z]* -->' "$fixture" | sed 's/<!-- want: \([A-Z]*\) -->/\1/')"
got="$(grep -oE '^(PASS|FAIL|SKIP)' <<<"$out")"
if [[ "$status" != 1 || "$want" != "$got" ]]; then
  echo "doc-examples: the checker misjudged its fixture (exit $status, expected 1)" >&2
  echo "-- expected"; echo "$want"; echo "-- output"; echo "$out"
  exit 1
fi
echo "doc-examples: the checker judged its fixture right ($(wc -l <<<"$got") blocks, exit 1 for the failing one)"

exec node .ci/doc-examples.mjs "$@"
