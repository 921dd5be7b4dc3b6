package dev.rosetta.layout.testing;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny, slow, obviously-written reference evaluator for the handful of ops the layout tests
 * build, in NCHW and NHWC (reading the {@code layout} attribute and weight tags directly, with
 * its own index formulas). Test code only: it is an oracle, not an engine.
 */
public final class RefEval {
    private RefEval() {
    }

    public static Map<String, Nd> run(Graph g, Map<String, Nd> inputs) {
        Map<Value, Nd> env = new IdentityHashMap<>();
        for (Value v : g.initializers()) {
            env.put(v, Nd.of(v.constant()));
        }
        for (Value v : g.inputs()) {
            Nd x = inputs.get(v.name());
            if (x == null) {
                throw new AssertionError("no input " + v.name());
            }
            env.put(v, x);
        }
        g.sortTopologically();
        for (Node n : g.nodes()) {
            Nd[] in = new Nd[n.inputs().size()];
            for (int i = 0; i < in.length; i++) {
                Value v = n.input(i);
                in[i] = v == null ? null : env.get(v);
                if (v != null && in[i] == null) {
                    throw new AssertionError("no value for " + v.name() + " at " + n.describe());
                }
            }
            env.put(n.output(0), eval(n, in));
        }
        Map<String, Nd> out = new LinkedHashMap<>();
        for (Value v : g.outputs()) {
            out.put(v.name(), env.get(v));
        }
        return out;
    }

    private static boolean last(Node n) {
        String l = n.attrString("layout", "NCHW");
        return l.equals("NHWC") || l.equals("NWC");
    }

    static Nd eval(Node n, Nd[] in) {
        return switch (n.opType()) {
            case "Conv" -> conv(n, in);
            case "BatchNormalization" -> bn(n, in);
            case "Relu" -> map(in[0], v -> Math.max(0, v));
            case "Sigmoid" -> map(in[0], v -> 1 / (1 + Math.exp(-v)));
            case "Identity", "Dropout" -> in[0];
            case "Add" -> broadcast(in[0], in[1], Double::sum);
            case "Mul" -> broadcast(in[0], in[1], (a, b) -> a * b);
            case "Sub" -> broadcast(in[0], in[1], (a, b) -> a - b);
            case "PRelu" -> broadcast(in[0], in[1], (a, b) -> a < 0 ? a * b : a);
            case "MaxPool", "AveragePool" -> pool(n, in[0]);
            case "GlobalAveragePool" -> globalAvg(n, in[0]);
            case "Flatten" -> flatten(in[0], (int) n.attrInt("axis", 1));
            case "Reshape" -> reshape(in[0], n.attrInts("shape", null));
            case "Gemm" -> gemm(n, in);
            case "MatMul" -> gemmCore(in[0], in[1], false, null);
            case "Transpose" -> in[0].transpose(Arrays.stream(n.attrInts("perm", null)).mapToInt(x -> (int) x).toArray());
            case "Concat" -> concat(in, (int) n.attrInt("axis", 0));
            case "Softmax" -> softmax(in[0], (int) n.attrInt("axis", -1));
            case "ReduceMean" -> reduceMean(in[0], n.attrInts("axes", null), n.attrInt("keepdims", 1) != 0);
            case "Squeeze" -> squeeze(in[0], n.attrInts("axes", null));
            case "Unsqueeze" -> unsqueeze(in[0], n.attrInts("axes", null));
            case "Pad" -> pad(in[0], n.attrInts("pads", null));
            default -> throw new AssertionError("RefEval has no " + n.opType());
        };
    }

    private static Nd map(Nd x, java.util.function.DoubleUnaryOperator f) {
        double[] d = x.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = f.applyAsDouble(d[i]);
        }
        return new Nd(x.shape(), d);
    }

    /** NumPy broadcasting of two operands. */
    static Nd broadcast(Nd a, Nd b, java.util.function.DoubleBinaryOperator f) {
        int r = Math.max(a.rank(), b.rank());
        long[] sa = pad(a.shape(), r);
        long[] sb = pad(b.shape(), r);
        long[] so = new long[r];
        for (int i = 0; i < r; i++) {
            if (sa[i] != sb[i] && sa[i] != 1 && sb[i] != 1) {
                throw new AssertionError("cannot broadcast " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
            }
            so[i] = Math.max(sa[i], sb[i]);
        }
        Nd pa = new Nd(sa, a.data());
        Nd pb = new Nd(sb, b.data());
        long[] ta = pa.strides();
        long[] tb = pb.strides();
        int n = (int) dev.rosetta.ir.Tensor.elementCount(so);
        double[] d = new double[n];
        long[] idx = new long[r];
        for (int o = 0; o < n; o++) {
            long ia = 0;
            long ib = 0;
            for (int k = 0; k < r; k++) {
                ia += (sa[k] == 1 ? 0 : idx[k]) * ta[k];
                ib += (sb[k] == 1 ? 0 : idx[k]) * tb[k];
            }
            d[o] = f.applyAsDouble(a.data()[(int) ia], b.data()[(int) ib]);
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < so[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return new Nd(so, d);
    }

    private static long[] pad(long[] s, int r) {
        long[] out = new long[r];
        Arrays.fill(out, 1);
        System.arraycopy(s, 0, out, r - s.length, s.length);
        return out;
    }

    /** Index of (n, c, y, x) in a 4-D map of either layout. */
    private static int at(boolean cl, long[] s, long n, long c, long y, long x) {
        return cl ? (int) (((n * s[1] + y) * s[2] + x) * s[3] + c) : (int) (((n * s[1] + c) * s[2] + y) * s[3] + x);
    }

    /** N, C, H, W of a 4-D map of either layout. */
    private static long[] nchw(boolean cl, long[] s) {
        return cl ? new long[] {s[0], s[3], s[1], s[2]} : s.clone();
    }

    private static Nd conv(Node n, Nd[] in) {
        boolean cl = last(n);
        Nd x = in[0];
        Nd w = in[1];
        Layout wl = n.input(1).layout();
        long group = n.attrInt("group", 1);
        long[] strides = n.attrInts("strides", new long[] {1, 1});
        long[] pads = n.attrInts("pads", new long[] {0, 0, 0, 0});
        long[] d = nchw(cl, x.shape());
        long[] ws = w.shape();
        long kh;
        long kw;
        long cout;
        long m = 1;
        if (wl == Layout.HWIO) {
            kh = ws[0];
            kw = ws[1];
            cout = ws[3];
        } else if (wl == Layout.HWCM) {
            kh = ws[0];
            kw = ws[1];
            m = ws[3];
            cout = ws[2] * m;
        } else {
            kh = ws[2];
            kw = ws[3];
            cout = ws[0];
        }
        long cinG = d[1] / group;
        long coutG = cout / group;
        long oh = (d[2] + pads[0] + pads[2] - kh) / strides[0] + 1;
        long ow = (d[3] + pads[1] + pads[3] - kw) / strides[1] + 1;
        long[] os = cl ? new long[] {d[0], oh, ow, cout} : new long[] {d[0], cout, oh, ow};
        double[] out = new double[(int) (d[0] * cout * oh * ow)];
        for (long b = 0; b < d[0]; b++) {
            for (long o = 0; o < cout; o++) {
                long g = o / coutG;
                for (long y = 0; y < oh; y++) {
                    for (long xx = 0; xx < ow; xx++) {
                        double acc = in.length > 2 && in[2] != null ? in[2].data()[(int) o] : 0;
                        for (long i = 0; i < cinG; i++) {
                            for (long ky = 0; ky < kh; ky++) {
                                for (long kx = 0; kx < kw; kx++) {
                                    long iy = y * strides[0] + ky - pads[0];
                                    long ix = xx * strides[1] + kx - pads[1];
                                    if (iy < 0 || ix < 0 || iy >= d[2] || ix >= d[3]) {
                                        continue;
                                    }
                                    long c = g * cinG + i;
                                    int widx;
                                    if (wl == Layout.HWIO) {
                                        widx = (int) (((ky * kw + kx) * cinG + i) * cout + o);
                                    } else if (wl == Layout.HWCM) {
                                        widx = (int) (((ky * kw + kx) * (cout / m) + o / m) * m + o % m);
                                    } else {
                                        widx = (int) (((o * cinG + i) * kh + ky) * kw + kx);
                                    }
                                    acc += x.data()[at(cl, x.shape(), b, c, iy, ix)] * w.data()[widx];
                                }
                            }
                        }
                        out[at(cl, os, b, o, y, xx)] = acc;
                    }
                }
            }
        }
        return new Nd(os, out);
    }

    private static Nd bn(Node n, Nd[] in) {
        boolean cl = last(n);
        double eps = n.attrFloat("epsilon", 1e-5f);
        Nd x = in[0];
        long[] s = x.shape();
        int caxis = cl ? s.length - 1 : 1;
        long[] st = x.strides();
        double[] d = new double[x.data().length];
        for (int i = 0; i < d.length; i++) {
            int c = (int) ((i / st[caxis]) % s[caxis]);
            d[i] = (x.data()[i] - in[3].data()[c]) / Math.sqrt(in[4].data()[c] + eps) * in[1].data()[c] + in[2].data()[c];
        }
        return new Nd(s, d);
    }

    private static Nd pool(Node n, Nd x) {
        boolean cl = last(n);
        boolean max = n.opType().equals("MaxPool");
        long[] k = n.attrInts("kernel_shape", null);
        long[] strides = n.attrInts("strides", new long[] {1, 1});
        long[] pads = n.attrInts("pads", new long[] {0, 0, 0, 0});
        long[] d = nchw(cl, x.shape());
        long oh = (d[2] + pads[0] + pads[2] - k[0]) / strides[0] + 1;
        long ow = (d[3] + pads[1] + pads[3] - k[1]) / strides[1] + 1;
        long[] os = cl ? new long[] {d[0], oh, ow, d[1]} : new long[] {d[0], d[1], oh, ow};
        double[] out = new double[(int) (d[0] * d[1] * oh * ow)];
        for (long b = 0; b < d[0]; b++) {
            for (long c = 0; c < d[1]; c++) {
                for (long y = 0; y < oh; y++) {
                    for (long xx = 0; xx < ow; xx++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int cnt = 0;
                        for (long ky = 0; ky < k[0]; ky++) {
                            for (long kx = 0; kx < k[1]; kx++) {
                                long iy = y * strides[0] + ky - pads[0];
                                long ix = xx * strides[1] + kx - pads[1];
                                if (iy < 0 || ix < 0 || iy >= d[2] || ix >= d[3]) {
                                    continue;
                                }
                                double v = x.data()[at(cl, x.shape(), b, c, iy, ix)];
                                acc = max ? Math.max(acc, v) : acc + v;
                                cnt++;
                            }
                        }
                        out[at(cl, os, b, c, y, xx)] = max ? acc : acc / cnt;
                    }
                }
            }
        }
        return new Nd(os, out);
    }

    private static Nd globalAvg(Node n, Nd x) {
        boolean cl = last(n);
        long[] d = nchw(cl, x.shape());
        long[] os = cl ? new long[] {d[0], 1, 1, d[1]} : new long[] {d[0], d[1], 1, 1};
        double[] out = new double[(int) (d[0] * d[1])];
        for (long b = 0; b < d[0]; b++) {
            for (long c = 0; c < d[1]; c++) {
                double acc = 0;
                for (long y = 0; y < d[2]; y++) {
                    for (long xx = 0; xx < d[3]; xx++) {
                        acc += x.data()[at(cl, x.shape(), b, c, y, xx)];
                    }
                }
                out[at(cl, os, b, c, 0, 0)] = acc / (d[2] * d[3]);
            }
        }
        return new Nd(os, out);
    }

    private static Nd flatten(Nd x, int axis) {
        long a = 1;
        long b = 1;
        for (int i = 0; i < x.rank(); i++) {
            if (i < axis) {
                a *= x.shape()[i];
            } else {
                b *= x.shape()[i];
            }
        }
        return x.reshape(a, b);
    }

    private static Nd reshape(Nd x, long[] shape) {
        long[] s = shape.clone();
        long known = 1;
        int infer = -1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == 0) {
                s[i] = x.shape()[i];
            }
            if (s[i] == -1) {
                infer = i;
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            s[infer] = x.data().length / known;
        }
        return x.reshape(s);
    }

    private static Nd gemm(Node n, Nd[] in) {
        boolean tb = n.attrInt("transB", 0) != 0;
        return gemmCore(in[0], in[1], tb, in.length > 2 ? in[2] : null);
    }

    private static Nd gemmCore(Nd a, Nd b, boolean transB, Nd c) {
        long m = a.shape()[0];
        long k = a.shape()[1];
        long nn = transB ? b.shape()[0] : b.shape()[1];
        long kb = transB ? b.shape()[1] : b.shape()[0];
        if (kb != k) {
            throw new AssertionError("gemm K mismatch " + k + " vs " + kb);
        }
        double[] out = new double[(int) (m * nn)];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < nn; j++) {
                double acc = 0;
                for (int t = 0; t < k; t++) {
                    double bv = transB ? b.data()[(int) (j * k + t)] : b.data()[(int) (t * nn + j)];
                    acc += a.data()[(int) (i * k + t)] * bv;
                }
                out[(int) (i * nn + j)] = acc;
            }
        }
        Nd r = new Nd(new long[] {m, nn}, out);
        return c == null ? r : broadcast(r, c, Double::sum);
    }

    private static Nd concat(Nd[] in, int axis) {
        int r = in[0].rank();
        int ax = axis < 0 ? axis + r : axis;
        long[] s = in[0].shape().clone();
        s[ax] = 0;
        for (Nd x : in) {
            s[ax] += x.shape()[ax];
        }
        long outer = 1;
        for (int i = 0; i < ax; i++) {
            outer *= s[i];
        }
        double[] d = new double[(int) dev.rosetta.ir.Tensor.elementCount(s)];
        int pos = 0;
        for (long o = 0; o < outer; o++) {
            for (Nd x : in) {
                int chunk = (int) (x.data().length / outer);
                System.arraycopy(x.data(), (int) (o * chunk), d, pos, chunk);
                pos += chunk;
            }
        }
        return new Nd(s, d);
    }

    private static Nd softmax(Nd x, int axis) {
        int r = x.rank();
        int ax = axis < 0 ? axis + r : axis;
        long[] st = x.strides();
        long len = x.shape()[ax];
        double[] d = new double[x.data().length];
        for (int i = 0; i < d.length; i++) {
            if ((i / st[ax]) % len != 0) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (long k = 0; k < len; k++) {
                max = Math.max(max, x.data()[(int) (i + k * st[ax])]);
            }
            double sum = 0;
            for (long k = 0; k < len; k++) {
                sum += Math.exp(x.data()[(int) (i + k * st[ax])] - max);
            }
            for (long k = 0; k < len; k++) {
                d[(int) (i + k * st[ax])] = Math.exp(x.data()[(int) (i + k * st[ax])] - max) / sum;
            }
        }
        return new Nd(x.shape(), d);
    }

    private static Nd reduceMean(Nd x, long[] axes, boolean keep) {
        int r = x.rank();
        boolean[] red = new boolean[r];
        for (long a : axes) {
            red[(int) (a < 0 ? a + r : a)] = true;
        }
        long[] ks = x.shape().clone();
        for (int i = 0; i < r; i++) {
            if (red[i]) {
                ks[i] = 1;
            }
        }
        Nd out = new Nd(ks, new double[(int) dev.rosetta.ir.Tensor.elementCount(ks)]);
        long[] st = x.strides();
        long[] ost = out.strides();
        long count = x.data().length / out.data().length;
        for (int i = 0; i < x.data().length; i++) {
            long o = 0;
            for (int k = 0; k < r; k++) {
                long idx = (i / st[k]) % x.shape()[k];
                o += (red[k] ? 0 : idx) * ost[k];
            }
            out.data()[(int) o] += x.data()[i] / count;
        }
        if (keep) {
            return out;
        }
        return out.reshape(dropAxes(ks, red));
    }

    private static long[] dropAxes(long[] s, boolean[] drop) {
        return java.util.stream.IntStream.range(0, s.length).filter(i -> !drop[i]).mapToLong(i -> s[i]).toArray();
    }

    private static Nd squeeze(Nd x, long[] axes) {
        boolean[] drop = new boolean[x.rank()];
        for (long a : axes) {
            drop[(int) (a < 0 ? a + x.rank() : a)] = true;
        }
        return x.reshape(dropAxes(x.shape(), drop));
    }

    private static Nd unsqueeze(Nd x, long[] axes) {
        int r = x.rank() + axes.length;
        boolean[] ins = new boolean[r];
        for (long a : axes) {
            ins[(int) (a < 0 ? a + r : a)] = true;
        }
        long[] s = new long[r];
        int j = 0;
        for (int i = 0; i < r; i++) {
            s[i] = ins[i] ? 1 : x.shape()[j++];
        }
        return x.reshape(s);
    }

    private static Nd pad(Nd x, long[] pads) {
        int r = x.rank();
        long[] s = new long[r];
        for (int i = 0; i < r; i++) {
            s[i] = x.shape()[i] + pads[i] + pads[r + i];
        }
        Nd out = new Nd(s, new double[(int) dev.rosetta.ir.Tensor.elementCount(s)]);
        long[] st = x.strides();
        long[] ost = out.strides();
        for (int i = 0; i < x.data().length; i++) {
            long o = 0;
            for (int k = 0; k < r; k++) {
                o += ((i / st[k]) % x.shape()[k] + pads[k]) * ost[k];
            }
            out.data()[(int) o] = x.data()[i];
        }
        return out;
    }
}
