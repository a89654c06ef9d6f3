# Sourced by the launchers in bin/: sets java_bin to a JDK 25 or newer, looked for as the build's toolchain looks for
# one: JAVA_HOME, then java on the PATH, then the usual install folders.
version_of() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
java_bin=""
for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java || true)" \
    /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
    "$HOME"/.sdkman/candidates/java/*/bin/java "$HOME"/.jdks/*/bin/java; do
  [[ -n $candidate && -x $candidate ]] || continue
  v=$(version_of "$candidate")
  if [[ -n $v && $v -ge 25 ]]; then java_bin=$candidate; break; fi
done
[[ -n $java_bin ]] || { echo "$(basename "$0"): no JDK 25 or newer found (set JAVA_HOME)" >&2; exit 3; }
