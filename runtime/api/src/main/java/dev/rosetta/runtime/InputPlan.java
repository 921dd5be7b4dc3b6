package dev.rosetta.runtime;

import dev.rosetta.error.UsageException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.report.InputReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Decides what each model is fed: given tensors ({@code --input}) or seeded random ones from the
 * declared shapes, permuted for the converted model when both sides declare different activation
 * layouts (NCHW vs NHWC).
 *
 * <p>Inputs are matched by name where a side declares the name, else by position. Given tensors
 * are taken to be in the source's layout. Random tensors use {@code new java.util.Random(seed +
 * 1_000_003 * i)} for input {@code i}: standard normal floats, integers in [0, 10). A dynamic
 * dimension takes its size from {@code --shape name=...} (the whole shape), else from
 * the other model when it declares that dimension fixed, else, at axis 0, from {@code --batch}
 * (default 1); any other dynamic dimension is a usage error naming it. A fixed dimension always
 * wins over {@code --batch} (the report notes an unused {@code --batch}).
 */
final class InputPlan {

    /** One input, as fed to each side. */
    record Fed(String sourceName, String convertedName, Tensor forSource, Tensor forConverted, InputReport report) {
    }

    private InputPlan() {
    }

    static List<Fed> plan(List<TensorSpec> sourceSpecs, List<TensorSpec> convertedSpecs, List<NamedTensor> given,
                          long seed, Map<String, long[]> shapes, Integer batch, List<String> notes) {
        boolean haveConverted = convertedSpecs != null;
        int count = sourceSpecs.size();
        if (haveConverted && convertedSpecs.size() != count) {
            if (count == 0) {
                count = convertedSpecs.size();
            } else {
                throw new UsageException("the models declare different numbers of inputs: source "
                        + names(sourceSpecs) + ", converted " + names(convertedSpecs));
            }
        }
        if (count == 0 && !given.isEmpty()) {
            return undeclared(given);
        }
        if (haveConverted) {
            convertedSpecs = alignedByName(sourceSpecs, convertedSpecs);
        }
        Map<Integer, NamedTensor> byIndex = assign(sourceSpecs, convertedSpecs, given, count);
        for (String n : shapes.keySet()) {
            if (indexOf(sourceSpecs, n) < 0 && (!haveConverted || indexOf(convertedSpecs, n) < 0)) {
                throw new UsageException("--shape names input '" + n + "', which the model does not have; inputs: "
                        + names(sourceSpecs.isEmpty() && haveConverted ? convertedSpecs : sourceSpecs));
            }
        }
        List<Fed> out = new ArrayList<>();
        boolean batchUsed = false;
        for (int i = 0; i < count; i++) {
            TensorSpec src = i < sourceSpecs.size() ? sourceSpecs.get(i) : null;
            TensorSpec conv = haveConverted ? convertedSpecs.get(i) : null;
            // The spec we generate from: the source's, unless it does not know its shape.
            TensorSpec basis = src != null && src.shape().hasRank() ? src : (conv != null ? conv : src);
            boolean basisIsConverted = basis == conv && basis != src;
            String srcName = src != null ? src.name() : conv.name();
            Tensor tensor;
            String origin;
            NamedTensor g = byIndex.get(i);
            if (g != null) {
                tensor = g.tensor();
                origin = "file:" + g.origin();
                checkGiven(basisIsConverted ? null : src, tensor, srcName);
            } else {
                boolean[] usedBatch = new boolean[1];
                long[] shape = resolveShape(basis, shapes, batch, src, conv, usedBatch);
                batchUsed |= usedBatch[0];
                DType dtype = basis.dtype() == null ? DType.FLOAT32 : basis.dtype();
                tensor = Tensors.random(dtype, shape, new Random(seed + 1_000_003L * i));
                origin = "random(seed=" + seed + ")";
            }
            Tensor forConverted = tensor;
            String conversion = null;
            if (conv != null && src != null && !basisIsConverted) {
                int[] perm = Tensors.layoutPermutation(src.layout(), conv.layout());
                if (perm != null && tensor.rank() == perm.length) {
                    forConverted = Tensors.transpose(tensor, perm);
                    conversion = src.layout() + " -> " + conv.layout() + ", perm " + Arrays.toString(perm);
                }
            }
            Tensor forSource = tensor;
            if (basisIsConverted && src != null) {
                int[] perm = Tensors.layoutPermutation(conv.layout(), src.layout());
                if (perm != null && tensor.rank() == perm.length) {
                    forSource = Tensors.transpose(tensor, perm);
                }
            }
            InputReport rep = new InputReport(srcName, Arrays.stream(forSource.shape()).boxed().toList(),
                    forSource.dtype().shortName(), origin, conversion);
            out.add(new Fed(srcName, conv == null ? null : conv.name(), forSource, forConverted, rep));
        }
        if (batch != null && !batchUsed) {
            notes.add("--batch " + batch + " was not used: no input has a dynamic first dimension left to set");
        }
        return out;
    }

    /** Neither model declares its inputs (TorchScript in golden mode): feed the given tensors in order. */
    private static List<Fed> undeclared(List<NamedTensor> given) {
        List<Fed> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            NamedTensor g = given.get(i);
            String name = g.name() != null ? g.name() : "input_" + i;
            Tensor t = g.tensor();
            out.add(new Fed(name, name, t, t, new InputReport(name, Arrays.stream(t.shape()).boxed().toList(),
                    t.dtype().shortName(), "file:" + g.origin(), null)));
        }
        return out;
    }

    private static Map<Integer, NamedTensor> assign(List<TensorSpec> src, List<TensorSpec> conv, List<NamedTensor> given,
                                                    int count) {
        Map<Integer, NamedTensor> byIndex = new LinkedHashMap<>();
        for (NamedTensor g : given) {
            int idx;
            if (g.name() == null) {
                if (count != 1 || given.size() != 1) {
                    throw new UsageException("the model has " + count + " inputs " + names(src.isEmpty() ? conv : src)
                            + ": name each one with --input NAME=file.npy");
                }
                idx = 0;
            } else {
                idx = indexOf(src, g.name());
                if (idx < 0 && conv != null) {
                    idx = indexOf(conv, g.name());
                }
                if (idx < 0 && count == 1 && src.isEmpty()) {
                    idx = 0;
                }
                if (idx < 0) {
                    throw new UsageException("--input names '" + g.name() + "', which the model does not have; inputs: "
                            + names(src.isEmpty() && conv != null ? conv : src));
                }
            }
            if (byIndex.put(idx, g) != null) {
                throw new UsageException("input '" + g.name() + "' is given twice");
            }
        }
        return byIndex;
    }

    private static void checkGiven(TensorSpec spec, Tensor t, String name) {
        if (spec == null) {
            return;
        }
        if (spec.dtype() != null && spec.dtype() != t.dtype()) {
            throw new UsageException("input '" + name + "' is " + spec.dtype().shortName() + " but the file holds "
                    + t.dtype().shortName());
        }
        Shape s = spec.shape();
        if (s.hasRank()) {
            boolean ok = s.rank() == t.rank();
            for (int a = 0; ok && a < s.rank(); a++) {
                ok = !(s.dim(a) instanceof Dim.Fixed f) || f.size() == t.shape()[a];
            }
            if (!ok) {
                throw new UsageException("input '" + name + "' has shape " + s + " but the file holds "
                        + Arrays.toString(t.shape()));
            }
        }
    }

    private static long[] resolveShape(TensorSpec spec, Map<String, long[]> shapes, Integer batch, TensorSpec src,
                                       TensorSpec conv, boolean[] usedBatch) {
        long[] given = shapes.get(spec.name());
        if (given == null && src != null) {
            given = shapes.get(src.name());
        }
        if (given == null && conv != null) {
            given = shapes.get(conv.name());
        }
        Shape s = spec.shape();
        if (given != null) {
            if (s.hasRank() && s.rank() != given.length) {
                throw new UsageException("--shape for input '" + spec.name() + "' has rank " + given.length
                        + " but the model declares " + s);
            }
            for (int a = 0; s.hasRank() && a < given.length; a++) {
                if (s.dim(a) instanceof Dim.Fixed f && f.size() != given[a]) {
                    throw new UsageException("--shape for input '" + spec.name() + "' gives " + given[a] + " at axis " + a
                            + " but the model declares " + s + ", fixed at " + f.size() + " there");
                }
            }
            return given.clone();
        }
        if (!s.hasRank()) {
            throw new UsageException("input '" + spec.name() + "' has no declared shape: give --input "
                    + spec.name() + "=file.npy or --shape " + spec.name() + "=1x3x224x224");
        }
        long[] out = new long[s.rank()];
        TensorSpec other = spec == src ? conv : src;
        int[] toOther = other == null ? null : Tensors.layoutPermutation(spec.layout(), other.layout());
        for (int a = 0; a < out.length; a++) {
            Dim d = s.dim(a);
            Dim fromOther = otherDim(other, toOther, a, s.rank());
            if (d instanceof Dim.Fixed f) {
                out[a] = f.size();
            } else if (fromOther instanceof Dim.Fixed f) {
                out[a] = f.size();
            } else if (a == 0) {
                out[a] = batch == null ? 1 : batch;
                usedBatch[0] = batch != null;
            } else {
                throw new UsageException("input '" + spec.name() + "' has dynamic dimension '" + d + "' at axis " + a
                        + " (shape " + s + "): give --shape " + spec.name() + "=" + example(s, batch));
            }
        }
        return out;
    }

    /** The other side's dimension for axis {@code a} of this side (through the layout permutation), or null. */
    private static Dim otherDim(TensorSpec other, int[] toOther, int a, int rank) {
        if (other == null || !other.shape().hasRank() || other.shape().rank() != rank) {
            return null;
        }
        if (toOther == null) {
            return other.shape().dim(a);
        }
        for (int i = 0; i < toOther.length; i++) {
            if (toOther[i] == a) {
                return other.shape().dim(i);
            }
        }
        return null;
    }

    private static String example(Shape s, Integer batch) {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < s.rank(); a++) {
            Dim d = s.dim(a);
            parts.add(d instanceof Dim.Fixed f ? Long.toString(f.size()) : a == 0 ? String.valueOf(batch == null ? 1 : batch) : "N");
        }
        return String.join("x", parts);
    }

    /**
     * The converted model's inputs in the source's order when every source input has a converted
     * input of the same name (a SavedModel signature lists its inputs sorted by name, an ONNX graph
     * in declaration order); otherwise as they are, to be paired by position.
     */
    static List<TensorSpec> alignedByName(List<TensorSpec> source, List<TensorSpec> converted) {
        if (source.size() != converted.size()) {
            return converted;
        }
        List<TensorSpec> aligned = new ArrayList<>();
        for (TensorSpec s : source) {
            int i = indexOf(converted, s.name());
            if (i < 0 || aligned.contains(converted.get(i))) {
                return converted;
            }
            aligned.add(converted.get(i));
        }
        return aligned;
    }

    static int indexOf(List<TensorSpec> specs, String name) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    static String names(List<TensorSpec> specs) {
        if (specs == null) {
            return "[]";
        }
        return specs.stream().map(s -> s.name() + " " + s.shape()).collect(Collectors.joining(", ", "[", "]"));
    }
}
