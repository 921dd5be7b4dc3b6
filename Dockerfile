# Rosetta: build stage compiles the CLI with JDK 25; runtime stage runs it.
# (Not built in this project's CI: no Docker engine runs there. Kept plain and correct.)

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
COPY ir ir
COPY formats formats
COPY layout layout
COPY runtime runtime
COPY converter-cli converter-cli
RUN mvn -B -ntp -q -DskipTests -pl converter-cli -am install

FROM eclipse-temurin:25-jre
# libgomp: OpenMP runtime that libtorch (DJL PyTorch engine) links against.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/rosetta
COPY --from=build /src/converter-cli/target/rosetta.jar ./rosetta.jar
COPY --from=build /src/converter-cli/target/lib ./lib
# DJL keeps extracted native libraries here; run offline (natives come from the jars in lib/).
ENV DJL_CACHE_DIR=/opt/rosetta/.djl \
    TF_CPP_MIN_LOG_LEVEL=1 TF_ENABLE_ONEDNN_OPTS=0 \
    JAVA_TOOL_OPTIONS="-Dai.djl.offline=true"
RUN useradd --system --home /opt/rosetta rosetta && mkdir -p /opt/rosetta/.djl && chown rosetta /opt/rosetta/.djl
USER rosetta
WORKDIR /work
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-jar", "/opt/rosetta/rosetta.jar"]
CMD ["--help"]
