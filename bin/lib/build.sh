# Sourced by the launchers in bin/ after java25.sh: build_if_stale MODULE [maven options] installs MODULE and the
# modules it needs (tests skipped), unless a build of it is already newer than every source file and pom.xml in the
# project. A second start then takes a second, not a Maven run.
build_if_stale() {
  local module=$1; shift
  local stamp="$root/$module/target/.launcher-built"
  if [[ -f $stamp && -f $root/$module/target/classpath.txt ]]; then
    local newer
    newer=$(find "$root" \( -name .git -o -name target -o -name .mvn \) -prune -o -type f \
        \( -path '*/src/*' -o -name pom.xml \) -newer "$stamp" -print -quit)
    [[ -n $newer ]] || return 0
  fi
  (cd "$root" && ./mvnw -q -B -DskipTests "$@" install -pl "$module" -am >&2)
  touch "$stamp"
}
