package dev.rosetta.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.InvalidGraphException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphValidationTest {

    private static Value f32(String name, long... shape) {
        return new Value(name, DType.FLOAT32, Shape.of(shape), Layout.NONE);
    }

    private static Node relu(String name, Value in, Value out) {
        return new Node(name, "Relu", List.of(in), List.of(out), Map.of());
    }

    @Test
    void validGraphPassesAndSortsTopologically() {
        Graph g = new Graph("ok");
        Value x = g.addInput(f32("x", 2));
        Value a = f32("a", 2);
        Value b = f32("b", 2);
        Value w = g.addInitializer(Value.constant("w", Tensor.ofFloats(new long[] {2}, 1f, 2f), Layout.NONE));
        Node second = new Node("add", "Add", List.of(a, w), List.of(b), Map.of());
        Node first = relu("relu", x, a);
        g.addNode(second);
        g.addNode(first);
        g.addOutput(b);
        g.validate();
        assertEquals(List.of(first, second), g.nodes());
    }

    @Test
    void valueWithTwoProducersIsRejected() {
        Value x = f32("x", 2);
        Value y = f32("y", 2);
        relu("first", x, y);
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> relu("second", x, y));
        assertTrue(e.getMessage().contains("'y' has two producers"), e.getMessage());
        assertTrue(e.getMessage().contains("'first'") && e.getMessage().contains("'second'"), e.getMessage());
        assertEquals(ExitCode.MALFORMED_INPUT, e.exitCode());
    }

    @Test
    void cycleIsRejectedWithItsNodes() {
        Graph g = new Graph("cyclic");
        Value x = g.addInput(f32("x", 2));
        Value a = f32("a", 2);
        Value b = f32("b", 2);
        Node add = new Node("add", "Add", List.of(x, b), List.of(a), Map.of());
        Node relu = relu("relu", a, b);
        g.addNode(add);
        g.addNode(relu);
        g.addOutput(b);
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        assertTrue(e.getMessage().contains("'add'") && e.getMessage().contains("'relu'"), e.getMessage());
    }

    @Test
    void inputThatNothingProducesIsRejected() {
        Graph g = new Graph("dangling");
        Value ghost = f32("ghost", 2);
        Value y = f32("y", 2);
        g.addNode(relu("relu", ghost, y));
        g.addOutput(y);
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertTrue(e.getMessage().contains("input 'ghost' of node 'relu' (Relu) is produced by nothing"), e.getMessage());
    }

    @Test
    void initializerWhoseBytesDisagreeWithItsShapeIsRejected() {
        MemorySegment sixBytes = MemorySegment.ofArray(new byte[6]);
        InvalidGraphException e = assertThrows(InvalidGraphException.class,
                () -> Tensor.of(DType.FLOAT32, new long[] {2}, sixBytes, ByteOrder.LITTLE_ENDIAN));
        assertTrue(e.getMessage().contains("needs 8 bytes but has 6"), e.getMessage());
    }

    @Test
    void initializerWhoseDeclaredShapeDisagreesIsRejected() {
        Graph g = new Graph("decl");
        Value w = Value.constant("w", Tensor.ofFloats(new long[] {2}, 1f, 2f), Layout.NONE);
        g.addInitializer(w);
        w.setShape(Shape.of(3));
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertTrue(e.getMessage().contains("initializer 'w' is declared [3]"), e.getMessage());
    }

    @Test
    void twoValuesWithOneNameAreRejected() {
        Graph g = new Graph("names");
        Value x = g.addInput(f32("x", 2));
        Value y = f32("x", 2);
        g.addNode(relu("relu", x, y));
        g.addOutput(y);
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertTrue(e.getMessage().contains("two distinct values named 'x'"), e.getMessage());
    }

    @Test
    void outputThatNothingProducesIsRejected() {
        Graph g = new Graph("out");
        g.addInput(f32("x", 2));
        g.addOutput(f32("nowhere", 2));
        InvalidGraphException e = assertThrows(InvalidGraphException.class, g::validate);
        assertTrue(e.getMessage().contains("graph output 'nowhere' is produced by nothing"), e.getMessage());
    }

    @Test
    void replaceInputWithKeepsUsesConsistent() {
        Value x = f32("x", 2);
        Value z = f32("z", 2);
        Value y = f32("y", 2);
        Node n = relu("relu", x, y);
        n.replaceInputWith(0, z);
        assertTrue(x.uses().isEmpty());
        assertEquals(List.of(new Value.Usage(n, 0)), z.uses());
    }

    @Test
    void nodeOrderIsDeterministicForIndependentBranches() {
        Graph g = new Graph("branches");
        Value x = g.addInput(f32("x", 2));
        Node[] nodes = new Node[5];
        for (int i = 0; i < 5; i++) {
            nodes[i] = g.addNode(relu("r" + i, x, f32("y" + i, 2)));
        }
        g.sortTopologically();
        assertEquals(List.of(nodes), g.nodes());
    }
}
