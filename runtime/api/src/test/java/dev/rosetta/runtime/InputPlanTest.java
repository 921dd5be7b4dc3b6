package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a verification pairs the two models' inputs and what it feeds each. */
class InputPlanTest {
    private static TensorSpec spec(String name, long... shape) {
        return new TensorSpec(name, DType.FLOAT32, Shape.of(shape), Layout.NONE);
    }

    /**
     * A SavedModel lists its signature's inputs sorted by name; an ONNX graph in its own order. The
     * same names pair up whatever the order: before, input 0 was fed to input 0, so PReLU's slope
     * went to x (a false mismatch) and a BatchNormalization's bias got the image.
     */
    @Test
    void inputsOfTheSameNamePairUpInAnyOrder() {
        List<TensorSpec> onnx = List.of(spec("x", 2, 3, 4, 5), spec("bias", 3));
        List<TensorSpec> savedModel = List.of(spec("bias", 3), spec("x", 2, 3, 4, 5));
        List<InputPlan.Fed> fed = InputPlan.plan(onnx, savedModel, List.of(), 0, Map.of(), null, new ArrayList<>());
        assertEquals(2, fed.size());
        for (InputPlan.Fed f : fed) {
            assertEquals(f.sourceName(), f.convertedName());
            assertTrue(f.forSource().contentEquals(f.forConverted()), f.sourceName());
        }
        assertEquals(4, fed.get(0).forSource().rank());
    }

    @Test
    void inputsWithOtherNamesPairByPosition() {
        List<TensorSpec> source = List.of(spec("a", 2), spec("b", 3));
        List<TensorSpec> converted = List.of(spec("input_1", 2), spec("input_2", 3));
        List<InputPlan.Fed> fed = InputPlan.plan(source, converted, List.of(), 0, Map.of(), null, new ArrayList<>());
        assertEquals("input_1", fed.get(0).convertedName());
        assertEquals("input_2", fed.get(1).convertedName());
    }
}
