#!/bin/sh
# Builds the order function's Lambda package: a zip whose lib/ holds the scalelab jar and every library it needs
# (the Java runtime puts lib/*.jar on the class path). Run from anywhere; writes deploy/terraform/build/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/.mvn/find-jdk.sh"
"$root/mvnw" -q -f "$root/pom.xml" -DskipTests -Dspotless.check.skip=true -pl cli -am package
rm -rf "$here/build/function" && mkdir -p "$here/build/function/lib"
cp "$root/cli/target/scalelab.jar" "$root"/cli/target/lib/*.jar "$here/build/function/lib/"
rm -f "$here/build/scalelab-function.zip"
(cd "$here/build/function" && "$JAVA_HOME/bin/jar" --create --no-manifest --file ../scalelab-function.zip lib)
echo "$here/build/scalelab-function.zip"
