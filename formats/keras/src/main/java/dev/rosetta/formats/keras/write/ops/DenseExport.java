package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasWeight;
import dev.rosetta.formats.keras.write.Kernels;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code Gemm} ({@code alpha = beta = 1}, {@code transA = 0}; {@code transB = 1} transposes the
 * weight) and {@code MatMul} with a constant 2-D right operand to {@code Dense}. A MatMul whose
 * only reader is an {@code Add} of a constant vector of {@code units} elements takes that vector as
 * its bias (the Add is absorbed).
 */
public final class DenseExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        boolean gemm = node.opType().equals("Gemm");
        Value wv = node.input(1);
        Tensor w = ctx.constant(wv);
        if (w == null || w.rank() != 2) {
            ctx.problem(node, "needs a constant 2-D weight as its second input (a product of two activations has "
                    + "no Keras layer)");
            return;
        }
        boolean transposed = false;
        Tensor bias = null;
        Value out = node.output(0);
        if (gemm) {
            if (node.attrFloat("alpha", 1f) != 1f || node.attrFloat("beta", 1f) != 1f || node.attrInt("transA", 0) != 0) {
                ctx.problem(node, "alpha, beta other than 1 or transA=1 have no Dense equivalent");
                return;
            }
            transposed = node.attrInt("transB", 0) != 0;
            if (node.input(2) != null) {
                bias = ctx.constant(node.input(2));
                if (bias == null) {
                    ctx.problem(node, "needs a constant C (bias)");
                    return;
                }
            }
        } else if (wv.layout() == Layout.OI) {
            transposed = true;
        }
        long units = transposed ? w.shape()[0] : w.shape()[1];
        if (!gemm) {
            Node add = ctx.soleConsumer(out);
            if (add != null && add.opType().equals("Add") && add.inputs().size() == 2) {
                Value other = add.input(0) == out ? add.input(1) : add.input(0);
                Tensor b = ctx.constant(other);
                if (b != null && b.elementCount() == units && b.shape()[b.rank() - 1] == units) {
                    bias = b;
                    ctx.absorb(add);
                    out = add.output(0);
                }
            }
        }
        if (bias != null && bias.elementCount() != units) {
            ctx.problem(node, "bias of shape " + java.util.Arrays.toString(bias.shape()) + " is not a vector of "
                    + units + " units");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ExportContext.Fused act = ctx.fuseActivation(out);
        ObjectNode c = ctx.config();
        c.put("units", units);
        c.put("activation", act.activation());
        c.put("use_bias", bias != null);
        KerasLayer layer = ctx.add(ExportContext.layerName(node), "Dense", c, List.of(in));
        if (layer == null) {
            return;
        }
        layer.weight(Kernels.dense(w, transposed));
        if (bias != null) {
            layer.weight(KerasWeight.of("bias", bias.reshape(units)));
        }
        ctx.bind(act.output(), layer);
    }
}
