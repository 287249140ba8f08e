# Sourced by ./mvnw and ./scalelab: exports JAVA_HOME as a JDK >= 21, or stops with one sentence.
# Looks at $JAVA_HOME, then the java on PATH, then the JDKs under $SCALELAB_JVM_DIRS (highest first).
# POSIX sh; run before any `set -f`, since it globs.

scalelab_java_major() {
  # "openjdk version "17.0.15"" -> 17; "java version "1.8.0_402"" -> 1 (too old either way)
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1
}

scalelab_is_jdk21() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(scalelab_java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

scalelab_find_jdk() {
  if scalelab_is_jdk21 "${JAVA_HOME:-}"; then return 0; fi
  if path_java=$(command -v java 2>/dev/null); then
    candidate=$(dirname "$(dirname "$(readlink -f "$path_java")")")
    if scalelab_is_jdk21 "$candidate"; then JAVA_HOME=$candidate; export JAVA_HOME; return 0; fi
  fi
  best=""; best_major=0
  for dir in ${SCALELAB_JVM_DIRS-/usr/lib/jvm /usr/local/lib/jvm /opt/java /opt/jdk}; do
    for candidate in "$dir" "$dir"/*; do
      [ -d "$candidate" ] || continue
      if scalelab_is_jdk21 "$candidate"; then
        major=$(scalelab_java_major "$candidate")
        if [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
      fi
    done
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "scalelab needs a JDK 21 or newer: none found in JAVA_HOME, on PATH or under ${SCALELAB_JVM_DIRS-/usr/lib/jvm}; install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME." >&2
  exit 1
}

scalelab_find_jdk
