package dev.rosetta.formats.keras.write;

import dev.rosetta.formats.keras.write.ops.ActivationExport;
import dev.rosetta.formats.keras.write.ops.BatchNormExport;
import dev.rosetta.formats.keras.write.ops.ConcatExport;
import dev.rosetta.formats.keras.write.ops.ConvExport;
import dev.rosetta.formats.keras.write.ops.ConvTransposeExport;
import dev.rosetta.formats.keras.write.ops.DenseExport;
import dev.rosetta.formats.keras.write.ops.FlattenExport;
import dev.rosetta.formats.keras.write.ops.GlobalPoolExport;
import dev.rosetta.formats.keras.write.ops.IdentityExport;
import dev.rosetta.formats.keras.write.ops.MergeExport;
import dev.rosetta.formats.keras.write.ops.PReluExport;
import dev.rosetta.formats.keras.write.ops.PadExport;
import dev.rosetta.formats.keras.write.ops.PoolExport;
import dev.rosetta.formats.keras.write.ops.ReshapeExport;
import dev.rosetta.formats.keras.write.ops.ResizeExport;
import dev.rosetta.formats.keras.write.ops.TransposeExport;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The one table of IR operators the Keras writer maps to layers: op type to exporter. */
public final class OpExporters {
    private static final Map<String, OpExporter> TABLE;

    static {
        Map<String, OpExporter> t = new TreeMap<>();
        t.put("Conv", new ConvExport());
        t.put("ConvTranspose", new ConvTransposeExport());
        t.put("BatchNormalization", new BatchNormExport());
        t.put("Relu", ActivationExport.layer("ReLU", (ctx, n, c) -> {
            ActivationExport.relu(c, null, 0, 0);
            return null;
        }));
        t.put("Clip", ActivationExport.layer("ReLU", (ctx, n, c) -> {
            Double[] b = ActivationExport.clipBounds(ctx, n);
            if (b[0] == null || b[0] != 0 || b[1] != null && (b[1].isNaN() || b[1] < 0)) {
                return "only Clip(min=0, max>=0) has a Keras layer (ReLU with max_value)";
            }
            ActivationExport.relu(c, b[1], 0, 0);
            return null;
        }));
        t.put("ThresholdedRelu", ActivationExport.layer("ReLU", (ctx, n, c) -> {
            ActivationExport.relu(c, null, 0, n.attrFloat("alpha", 1f));
            return null;
        }));
        t.put("LeakyRelu", ActivationExport.layer("LeakyReLU", (ctx, n, c) -> {
            c.put(ctx.kerasMajor() >= 3 ? "negative_slope" : "alpha", n.attrFloat("alpha", 0.01f));
            return null;
        }));
        t.put("Elu", ActivationExport.layer("ELU", (ctx, n, c) -> {
            c.put("alpha", n.attrFloat("alpha", 1f));
            return null;
        }));
        t.put("Softmax", ActivationExport.layer("Softmax", (ctx, n, c) -> {
            c.put("axis", n.attrInt("axis", -1));
            return null;
        }));
        t.put("HardSigmoid", ActivationExport.layer("Activation", (ctx, n, c) -> {
            float alpha = n.attrFloat("alpha", 0.2f);
            float beta = n.attrFloat("beta", 0.5f);
            boolean keras2 = Math.abs(alpha - 0.2f) < 1e-7 && beta == 0.5f;
            boolean keras3 = Math.abs(alpha - 1f / 6) < 1e-7 && beta == 0.5f;
            if (ctx.kerasMajor() >= 3 ? !keras3 : !keras2) {
                return "HardSigmoid(alpha=" + alpha + ", beta=" + beta + ") is not Keras " + ctx.kerasMajor()
                        + "'s hard_sigmoid";
            }
            c.put("activation", "hard_sigmoid");
            return null;
        }));
        t.put("HardSwish", ActivationExport.layer("Activation", (ctx, n, c) -> {
            if (ctx.kerasMajor() < 3) {
                return "hard swish is a Keras 3 activation (hard_silu); write a .keras archive";
            }
            c.put("activation", "hard_silu");
            return null;
        }));
        t.put("Selu", ActivationExport.layer("Activation", (ctx, n, c) -> {
            if (Math.abs(n.attrFloat("alpha", 1.6732632f) - 1.6732632f) > 1e-5
                    || Math.abs(n.attrFloat("gamma", 1.050701f) - 1.050701f) > 1e-5) {
                return "Selu with non-default alpha or gamma";
            }
            c.put("activation", "selu");
            return null;
        }));
        t.put("Sigmoid", ActivationExport.function("sigmoid"));
        t.put("Tanh", ActivationExport.function("tanh"));
        t.put("Softplus", ActivationExport.function("softplus"));
        t.put("Softsign", ActivationExport.function("softsign"));
        t.put("Exp", ActivationExport.function("exponential"));
        t.put("PRelu", new PReluExport());
        t.put("Add", new MergeExport("Add"));
        t.put("Sum", new MergeExport("Add"));
        t.put("Sub", new MergeExport("Subtract"));
        t.put("Mul", new MergeExport("Multiply"));
        t.put("Max", new MergeExport("Maximum"));
        t.put("Min", new MergeExport("Minimum"));
        t.put("Concat", new ConcatExport());
        t.put("MatMul", new DenseExport());
        t.put("Gemm", new DenseExport());
        t.put("Flatten", new FlattenExport());
        t.put("Reshape", new ReshapeExport());
        t.put("Transpose", new TransposeExport());
        t.put("Pad", new PadExport());
        t.put("Resize", new ResizeExport());
        t.put("GlobalAveragePool", new GlobalPoolExport(true));
        t.put("GlobalMaxPool", new GlobalPoolExport(false));
        t.put("ReduceMean", new GlobalPoolExport(true));
        t.put("MaxPool", new PoolExport(true));
        t.put("AveragePool", new PoolExport(false));
        t.put("Identity", new IdentityExport());
        t.put("Dropout", new IdentityExport());
        t.put("Constant", (ctx, node) -> { });
        TABLE = Collections.unmodifiableMap(t);
    }

    private OpExporters() {
    }

    /** The exporter for a default-domain op type, or null. */
    public static OpExporter get(String opType) {
        return TABLE.get(opType);
    }

    /** Every mapped op type, sorted. */
    public static Set<String> opTypes() {
        return TABLE.keySet();
    }
}
