package dev.rosetta.formats.keras.write;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layers come in Keras's {@code model.layers} order: by decreasing depth (longest path to an
 * output), ties in the order a walk from the outputs through each layer's inputs first reaches them.
 */
class KerasLayerOrderTest {
    private static void add(KerasGraph g, String name, String... inbound) {
        g.layers().add(new KerasLayer(name, name.equals("in") ? "InputLayer" : "Conv2D",
                JsonNodeFactory.instance.objectNode(), List.of(inbound)));
    }

    private static List<String> names(KerasGraph g) {
        return g.layers().stream().map(KerasLayer::name).toList();
    }

    /** A residual block written in torchvision's order: main branch, then the projection shortcut. */
    private static KerasGraph block(String first, String second) {
        KerasGraph g = new KerasGraph("m");
        add(g, "in");
        add(g, "c1", "in");
        add(g, "c2", "c1");
        add(g, "c3", "c2");
        add(g, "b3", "c3");
        add(g, "c0", "in");
        add(g, "b0", "c0");
        add(g, "add", first, second);
        add(g, "out", "add");
        g.inputs().add("in");
        g.outputs().add("out");
        return g;
    }

    @Test
    void shortcutReadFirstComesFirstAmongEqualDepths() {
        KerasGraph g = block("b0", "b3");
        KerasLayerOrder.sort(g);
        assertEquals(List.of("in", "c1", "c2", "c0", "c3", "b0", "b3", "add", "out"), names(g));
    }

    @Test
    void residualReadFirstComesFirstAmongEqualDepths() {
        KerasGraph g = block("b3", "b0");
        KerasLayerOrder.sort(g);
        assertEquals(List.of("in", "c1", "c2", "c3", "c0", "b3", "b0", "add", "out"), names(g));
    }

    @Test
    void layersReachingNoOutputStayAfterTheOthers() {
        KerasGraph g = block("b0", "b3");
        add(g, "dead", "in");
        g.layers().add(0, g.layers().remove(g.layers().size() - 1));
        KerasLayerOrder.sort(g);
        assertEquals("dead", names(g).get(names(g).size() - 1));
        assertEquals(10, g.layers().size());
    }
}
