#!/bin/sh
# Builds the order function's Lambda package: a zip whose lib/ holds the flashsale module's jar and its runtime
# libraries (the Java runtime puts lib/*.jar on the class path), plus Logback for its logs. Only the flash sale's
# libraries: the whole CLI's (embedded PostgreSQL binaries among them) would pass Lambda's 50 MB upload limit.
# Run from anywhere; writes deploy/terraform/build/scalelab-function.zip.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/.mvn/find-jdk.sh"
out="$here/build/function"
rm -rf "$out" && mkdir -p "$out/lib"
# every module of the reactor copies its runtime dependencies; the test kit's JUnit is left out
"$root/mvnw" -q -f "$root/pom.xml" -DskipTests -Dspotless.check.skip=true -pl flashsale,cli -am package \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$out/deps" \
  -DexcludeGroupIds=org.junit.jupiter,org.junit.platform,org.opentest4j,org.apiguardian
cp "$root/flashsale/target/"scalelab-flashsale-*.jar "$out/lib/"
for jar in "$out"/deps/*.jar; do
  case "$(basename "$jar")" in
    scalelab-*) case "$(basename "$jar")" in scalelab-core-*|scalelab-loadgen-*) cp "$jar" "$out/lib/" ;; esac ;;
    embedded-postgres*|picocli*) ;; # the CLI's, not the function's
    *) cp "$jar" "$out/lib/" ;;
  esac
done
cp "$root/cli/src/main/resources/logback.xml" "$out/"
rm -f "$here/build/scalelab-function.zip"
(cd "$out" && "$JAVA_HOME/bin/jar" --create --no-manifest --file ../scalelab-function.zip lib logback.xml)
ls -l "$here/build/scalelab-function.zip"
