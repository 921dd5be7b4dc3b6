package dev.rosetta.formats.keras.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class KerasJsonTest {

    @Test
    void writesTheSameTextAsAnObjectMapper() throws Exception {
        ObjectNode root = KerasJson.object();
        root.put("class_name", "Functional");
        root.put("escaped", "quote \" backslash \\ tab \t newline \n unicode \u00e9 \u2603 control \u0001");
        root.put("int", 42).put("negative", -7).put("long", 1L << 40);
        root.put("double", 0.1).put("tiny", 1e-300).put("whole", 3.0).put("nan", Double.NaN);
        root.put("float", 0.3f).put("flag", true).putNull("none");
        root.put("big", new BigInteger("123456789012345678901234567890"));
        ArrayNode layers = root.putArray("layers");
        layers.addObject().put("name", "conv1").putArray("inbound_nodes").addArray().add("input_1").add(0).add(0);
        layers.addArray();
        root.putObject("empty");
        // What KerasJson wrote before: an ObjectMapper over a factory built as its parser is.
        String expected = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder().build()).writeValueAsString(root);
        assertEquals(expected, KerasJson.write(root));
    }
}
