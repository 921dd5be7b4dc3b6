package dev.rosetta.formats.keras.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import java.nio.file.Path;

/**
 * Parses and writes the JSON Keras stores (model configs, metadata) with bounded nesting depth,
 * string and number lengths, so a hostile config cannot overflow the stack or exhaust memory.
 */
public final class KerasJson {
    /** Deepest nesting accepted: Keras configs nest a few levels per nested model. */
    public static final int MAX_DEPTH = 256;
    /** Longest config accepted, in characters. */
    public static final int MAX_LENGTH = 256 << 20;

    /** Writes JSON text; a plain factory, cheap to start (no data binding). */
    private static final JsonFactory WRITER = new JsonFactory();

    /**
     * The parser, built on first use: an {@link ObjectMapper} takes a few hundred milliseconds to
     * start, which a conversion that only writes JSON should not pay.
     */
    private static final class Reader {
        static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(64 << 20)
                        .maxNumberLength(400)
                        .build())
                .build());
    }

    private KerasJson() {
    }

    /**
     * Parses one JSON document.
     *
     * @param file the file named in errors
     * @param place where the text came from ("attribute 'model_config'")
     * @throws MalformedInputException when the text is not JSON
     * @throws ResourceLimitException when it is longer or deeper than the limits
     */
    public static JsonNode parse(String text, Path file, String place) {
        if (text == null) {
            throw new MalformedInputException(file, place, "expected JSON text, found nothing");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ResourceLimitException(file, place, "JSON of " + text.length()
                    + " characters is longer than the limit of " + MAX_LENGTH);
        }
        try {
            JsonNode node = Reader.MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new MalformedInputException(file, place, "expected a JSON document, found empty text");
            }
            return node;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ResourceLimitException(file, place, "JSON beyond Rosetta's limits: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String snippet = text.length() > 40 ? text.substring(0, 40) + "..." : text;
            throw new MalformedInputException(file, place, "expected JSON, found text that does not parse ("
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): '" + snippet.replaceAll("\\s+", " ") + "'", e);
        } catch (StackOverflowError e) {
            throw new ResourceLimitException(file, place, "JSON nested too deeply");
        }
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /**
     * Compact JSON text, as Keras writes it: the same text as Jackson's {@code ObjectMapper}, by a
     * walk of the tree with a bare generator.
     */
    public static String write(JsonNode node) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator g = WRITER.createGenerator(text)) {
            write(g, node);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("JSON serialization failed", e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator g, JsonNode n) throws java.io.IOException {
        switch (n.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (java.util.Map.Entry<String, JsonNode> e : n.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode c : n) {
                    write(g, c);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(n.textValue());
            case BOOLEAN -> g.writeBoolean(n.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> Reader.MAPPER.writeTree(g, n);
                }
            }
            // Big numbers, binary and POJO nodes (Keras writes none): the mapper's own text.
            default -> Reader.MAPPER.writeTree(g, n);
        }
    }
}
