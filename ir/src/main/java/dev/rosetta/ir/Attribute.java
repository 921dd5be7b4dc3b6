package dev.rosetta.ir;

import java.util.Arrays;
import java.util.List;

/**
 * A node attribute, named by the {@link Node} that holds it. Immutable; array contents are copied
 * in and out.
 */
public sealed interface Attribute
        permits Attribute.Int, Attribute.Float, Attribute.Str, Attribute.Ints, Attribute.Floats,
                Attribute.Strs, Attribute.TensorValue {

    record Int(long value) implements Attribute {
    }

    record Float(float value) implements Attribute {
    }

    record Str(String value) implements Attribute {
    }

    record Ints(long[] values) implements Attribute {
        public Ints {
            values = values.clone();
        }

        @Override
        public long[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ints other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    record Floats(float[] values) implements Attribute {
        public Floats {
            values = values.clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Floats other && Arrays.equals(values, other.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.toString(values);
        }
    }

    record Strs(List<String> values) implements Attribute {
        public Strs {
            values = List.copyOf(values);
        }
    }

    record TensorValue(Tensor value) implements Attribute {
    }
}
