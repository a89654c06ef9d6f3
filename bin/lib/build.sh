# Sourced by the launchers in bin/ after java25.sh. build_if_stale builds, in one Maven run, everything bin/bsc and
# bin/loomotp need (tracing-sys, sample-telecom and the modules under them; tests skipped), unless that build is newer
# than every source file and pom.xml of the project. Both launchers share the one stamp, so the first of them builds
# for both, and a second start takes a second, not a Maven run. It says in one line why it builds.
#
# It runs `package`, not `install`: the class paths point into each module's target/, and nothing is written to the
# local Maven repository, which other checkouts share.
#
# Two launchers started together (bin/bsc in one terminal, bin/loomotp in another, as bin/bsc suggests) take turns:
# the check and the build run under a lock, so the second waits for the first one's build and then finds it fresh.
# Without it both built at once in the same target/ folders, and a JVM started by one could miss classes the other
# was rewriting (NoClassDefFoundError). The lock is released before the launcher starts its JVM.
#
# A launcher's JVM holds a shared lock on target/launchers.running for its life (hold_build_while_running, just before
# the launcher's exec). While one does, a source changed since the last build is not rebuilt: the new launcher says so
# in one line and starts from the last build, rather than rewrite the classes a running sample or shell loads from.
launcher_stamp="$root/target/launchers.built"
launcher_running="$root/target/launchers.running"

# Called by a launcher just before it execs its JVM, which inherits the lock (fd 8) and holds it until it exits.
hold_build_while_running() {
  if command -v flock >/dev/null && mkdir -p "$(dirname "$launcher_running")"; then
    exec 8>>"$launcher_running"
    flock -s 8
  fi
}

build_if_stale() {
  mkdir -p "$root/target"
  if command -v flock >/dev/null; then
    (flock 9 && build_if_stale_unlocked) 9>"$root/target/launchers.lock"
  else
    build_if_stale_unlocked
  fi
}

build_if_stale_unlocked() {
  local reason=""
  if [[ ! -f $launcher_stamp || ! -f $root/sample-telecom/target/classpath.txt \
      || ! -f $root/tracing-sys/target/classpath.txt ]]; then
    reason="no build yet"
  else
    local newer
    newer=$(find "$root" \( -name .git -o -name target -o -name .mvn -o -path "$root/docs" \) -prune -o -type f \
        \( -path '*/src/*' -o -name pom.xml \) -newer "$launcher_stamp" -print -quit)
    [[ -n $newer ]] || return 0
    reason="${newer#"$root"/} changed since the last build"
    if command -v flock >/dev/null && ! (flock -n -x 7) 7>>"$launcher_running"; then
      echo "$(basename "$0"): $reason, but a Loom OTP JVM started by bin/bsc or bin/loomotp runs from that build;" \
        "not rebuilding under it (stop it, then start this again to rebuild)" >&2
      return 0
    fi
  fi
  echo "$(basename "$0"): building tracing-sys and sample-telecom ($reason; about a minute the first time)..." >&2
  (cd "$root" && ./mvnw -q -B -DskipTests -Dmaven.javadoc.skip=true package -pl tracing-sys,sample-telecom -am >&2)
  mkdir -p "$(dirname "$launcher_stamp")"
  touch "$launcher_stamp"
}
