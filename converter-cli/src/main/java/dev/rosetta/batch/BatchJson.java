package dev.rosetta.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.rosetta.formats.AtomicOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one JSON (and YAML) configuration of the batch files: snake_case names, paths as plain
 * strings, map keys sorted so that equal content gives equal bytes (the hashes depend on it).
 */
final class BatchJson {
    /** Pretty-printed JSON for the files people read (state, summary, coverage). */
    static final ObjectMapper JSON = configure(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);
    /** One-line JSON with sorted keys: what is hashed. */
    static final ObjectMapper CANONICAL = configure(new ObjectMapper());
    /** Manifests written in YAML parse to the same tree as JSON ones. */
    static final ObjectMapper YAML = configure(new YAMLMapper());

    private BatchJson() {
    }

    private static ObjectMapper configure(ObjectMapper m) {
        SimpleModule paths = new SimpleModule("rosetta-batch-paths");
        paths.addSerializer(Path.class, new JsonSerializer<>() {
            @Override
            public void serialize(Path value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }

            @Override
            public Class<Path> handledType() {
                return Path.class;
            }
        });
        paths.addDeserializer(Path.class, new JsonDeserializer<>() {
            @Override
            public Path deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Path.of(p.getValueAsString());
            }
        });
        return m.registerModule(paths)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The canonical one-line JSON of a value. */
    static String canonical(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** Writes {@code value} as pretty JSON to {@code target}, atomically. */
    static void write(Path target, Object value) {
        byte[] bytes;
        try {
            bytes = (JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
        AtomicOutput.write(target, tmp -> Files.write(tmp, bytes));
    }

    /** Writes text to {@code target}, atomically. */
    static void writeText(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        AtomicOutput.write(target, tmp -> Files.write(tmp, bytes));
    }
}
