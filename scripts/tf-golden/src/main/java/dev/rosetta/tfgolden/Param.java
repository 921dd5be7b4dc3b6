package dev.rosetta.tfgolden;

import java.util.Arrays;
import java.util.Random;

/**
 * One variable of the golden CNN: its TensorFlow name, shape and seeded values.
 *
 * @param name  the variable's op name in the graph, e.g. {@code conv1/kernel}
 * @param shape the variable's shape (HWIO for conv kernels, (in, out) for the dense kernel)
 * @param values the values in row-major order
 */
record Param(String name, long[] shape, float[] values) {
    Param {
        shape = shape.clone();
        values = values.clone();
    }

    /** Draws {@code N(0, std^2)} values from {@code random} in row-major order. */
    static Param normal(String name, long[] shape, double std, Random random) {
        float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return new Param(name, shape, v);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }
}
