#!/usr/bin/env bash
# Builds (when its sources changed) and runs the Savina-style workloads on Pekko typed: run.sh [savina-<workload> ...]
# (none: all). Prints "pekko savina-<workload> <microseconds> us" lines, as bin/bench reads them. Maven runs under the
# shared build lock; the build stays in this project's own target/, outside the product's reactor.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../bin/lib/java25.sh"
export JAVA_HOME=$(dirname "$(dirname "$java_bin")")
stamp="$here/target/cp.txt"
if [[ ! -f $stamp || -n $(find "$here/src" "$here/pom.xml" -newer "$stamp" -print -quit) ]]; then
  # the real mvn: under bin/bench the first mvn on the PATH is bin/lib/locked/mvn, which takes this same lock again
  # and would wait for it forever
  real_mvn=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/bin/lib/locked$' | paste -sd: -) command -v mvn)
  flock /tmp/loomotp-mvn.lock "$real_mvn" -q -B -f "$here/pom.xml" package dependency:build-classpath \
    -Dmdep.outputFile="$stamp.tmp" >"$here/target-mvn.log" 2>&1 || { cat "$here/target-mvn.log" >&2; exit 1; }
  mv "$stamp.tmp" "$stamp"
  rm -f "$here/target-mvn.log"
fi
exec "$java_bin" -Xmx8g ${SAVINA_JAVA_OPTS:-} -cp "$here/target/classes:$(cat "$stamp")" savina.PekkoSavina "$@"
