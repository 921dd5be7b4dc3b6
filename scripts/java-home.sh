# Sourced by the scripts: points JAVA_HOME at a JDK 25, the one JDK Rosetta builds and runs with.
# Order: ROSETTA_JAVA_HOME, then JAVA_HOME if it is 25 or newer, then the usual install folders.
rosetta_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
rosetta_pick_jdk() {
    local candidate major
    for candidate in "${ROSETTA_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 \
            /usr/lib/jvm/temurin-25-jdk /usr/lib/jvm/java-25-openjdk-amd64 /opt/java/openjdk; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major=$(rosetta_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! JAVA_HOME=$(rosetta_pick_jdk); then
    echo "rosetta: needs JDK 25 (set ROSETTA_JAVA_HOME or JAVA_HOME to a JDK 25; Temurin 25 is expected in /usr/lib/jvm/temurin-25-jdk-amd64)" >&2
    exit 2
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
