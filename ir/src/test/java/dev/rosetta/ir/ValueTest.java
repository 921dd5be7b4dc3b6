package dev.rosetta.ir;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTest {
    @Test
    void knownValueIsAnInitializersOrAConstantNodesTensorAndNothingElse() {
        Tensor six = Tensor.ofFloats(new long[0], 6f);
        Value initializer = Value.constant("w", six, Layout.NONE);
        assertSame(six, initializer.knownValue());

        Value made = new Value("c", DType.FLOAT32, Shape.of(), Layout.NONE);
        new Node("c", "Constant", List.of(), List.of(made), Map.of("value", new Attribute.TensorValue(six)));
        assertSame(six, made.knownValue());

        Value x = new Value("x", DType.FLOAT32, Shape.of(), Layout.NONE);
        Value y = new Value("y", DType.FLOAT32, Shape.of(), Layout.NONE);
        new Node("relu", "Relu", List.of(x), List.of(y), Map.of());
        assertNull(x.knownValue(), "a graph input");
        assertNull(y.knownValue(), "computed at run time");
    }
}
