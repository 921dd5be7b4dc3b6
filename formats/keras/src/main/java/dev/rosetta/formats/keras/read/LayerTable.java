package dev.rosetta.formats.keras.read;

import dev.rosetta.formats.keras.read.layers.ActivationLayer;
import dev.rosetta.formats.keras.read.layers.BatchNormLayer;
import dev.rosetta.formats.keras.read.layers.ConcatenateLayer;
import dev.rosetta.formats.keras.read.layers.ConvLayer;
import dev.rosetta.formats.keras.read.layers.ConvTransposeLayer;
import dev.rosetta.formats.keras.read.layers.DenseLayer;
import dev.rosetta.formats.keras.read.layers.DepthwiseConvLayer;
import dev.rosetta.formats.keras.read.layers.EluLayer;
import dev.rosetta.formats.keras.read.layers.FlattenLayer;
import dev.rosetta.formats.keras.read.layers.GlobalPoolLayer;
import dev.rosetta.formats.keras.read.layers.IdentityLayer;
import dev.rosetta.formats.keras.read.layers.LeakyReluLayer;
import dev.rosetta.formats.keras.read.layers.MergeLayer;
import dev.rosetta.formats.keras.read.layers.PReluLayer;
import dev.rosetta.formats.keras.read.layers.PermuteLayer;
import dev.rosetta.formats.keras.read.layers.PoolLayer;
import dev.rosetta.formats.keras.read.layers.ReluLayer;
import dev.rosetta.formats.keras.read.layers.ReshapeLayer;
import dev.rosetta.formats.keras.read.layers.SeparableConvLayer;
import dev.rosetta.formats.keras.read.layers.SoftmaxLayer;
import dev.rosetta.formats.keras.read.layers.ThresholdedReluLayer;
import dev.rosetta.formats.keras.read.layers.UpSamplingLayer;
import dev.rosetta.formats.keras.read.layers.ZeroPaddingLayer;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one table of Keras layer classes the reader understands: class name to mapping. Models used
 * as layers ({@code Sequential}, {@code Functional}, {@code Model}) and {@code InputLayer} are
 * handled by {@link GraphBuilder} itself.
 */
public final class LayerTable {
    private static final Map<String, LayerMapping> TABLE;

    static {
        Map<String, LayerMapping> t = new TreeMap<>();
        ConvLayer conv = new ConvLayer();
        t.put("Conv1D", conv);
        t.put("Conv2D", conv);
        t.put("DepthwiseConv2D", new DepthwiseConvLayer());
        t.put("SeparableConv2D", new SeparableConvLayer());
        t.put("Conv2DTranspose", new ConvTransposeLayer());
        t.put("Dense", new DenseLayer());
        t.put("BatchNormalization", new BatchNormLayer());
        t.put("Activation", new ActivationLayer());
        t.put("ReLU", new ReluLayer());
        t.put("LeakyReLU", new LeakyReluLayer());
        t.put("PReLU", new PReluLayer());
        t.put("ELU", new EluLayer());
        t.put("Softmax", new SoftmaxLayer());
        t.put("ThresholdedReLU", new ThresholdedReluLayer());
        t.put("Add", MergeLayer.of("Add"));
        t.put("Subtract", MergeLayer.of("Sub"));
        t.put("Multiply", MergeLayer.of("Mul"));
        t.put("Maximum", MergeLayer.of("Max"));
        t.put("Minimum", MergeLayer.of("Min"));
        t.put("Average", MergeLayer.average());
        t.put("Concatenate", new ConcatenateLayer());
        t.put("Flatten", new FlattenLayer());
        t.put("Reshape", new ReshapeLayer());
        t.put("Permute", new PermuteLayer());
        IdentityLayer identity = new IdentityLayer();
        for (String id : new String[] {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization"}) {
            t.put(id, identity);
        }
        t.put("MaxPooling1D", new PoolLayer("MaxPool"));
        t.put("MaxPooling2D", new PoolLayer("MaxPool"));
        t.put("MaxPool1D", new PoolLayer("MaxPool"));
        t.put("MaxPool2D", new PoolLayer("MaxPool"));
        t.put("AveragePooling1D", new PoolLayer("AveragePool"));
        t.put("AveragePooling2D", new PoolLayer("AveragePool"));
        t.put("AvgPool1D", new PoolLayer("AveragePool"));
        t.put("AvgPool2D", new PoolLayer("AveragePool"));
        t.put("GlobalAveragePooling1D", new GlobalPoolLayer("GlobalAveragePool"));
        t.put("GlobalAveragePooling2D", new GlobalPoolLayer("GlobalAveragePool"));
        t.put("GlobalMaxPooling1D", new GlobalPoolLayer("GlobalMaxPool"));
        t.put("GlobalMaxPooling2D", new GlobalPoolLayer("GlobalMaxPool"));
        t.put("GlobalAvgPool1D", new GlobalPoolLayer("GlobalAveragePool"));
        t.put("GlobalAvgPool2D", new GlobalPoolLayer("GlobalAveragePool"));
        t.put("GlobalMaxPool1D", new GlobalPoolLayer("GlobalMaxPool"));
        t.put("GlobalMaxPool2D", new GlobalPoolLayer("GlobalMaxPool"));
        t.put("ZeroPadding1D", ZeroPaddingLayer.padding());
        t.put("ZeroPadding2D", ZeroPaddingLayer.padding());
        t.put("Cropping1D", ZeroPaddingLayer.cropping());
        t.put("Cropping2D", ZeroPaddingLayer.cropping());
        t.put("UpSampling1D", new UpSamplingLayer());
        t.put("UpSampling2D", new UpSamplingLayer());
        TABLE = Collections.unmodifiableMap(t);
    }

    private LayerTable() {
    }

    /** The mapping for a Keras class name, or {@code null}. */
    public static LayerMapping get(String className) {
        return TABLE.get(className);
    }

    /** Every supported class name, sorted. */
    public static Set<String> classNames() {
        return TABLE.keySet();
    }
}
