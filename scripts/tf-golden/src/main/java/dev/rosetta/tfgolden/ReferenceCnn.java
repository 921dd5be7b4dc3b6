package dev.rosetta.tfgolden;

/**
 * The golden CNN written out in plain Java (NHWC, double accumulation), as an independent check
 * that the TensorFlow graph computes what meta.json describes: TensorFlow's SAME padding (the extra
 * row and column go at the bottom and right), VALID max pooling and the H,W,C flatten order.
 */
final class ReferenceCnn {
    private ReferenceCnn() {}

    /** A batch of NHWC activations. */
    record Act(int n, int h, int w, int c, double[] v) {
        double at(int b, int y, int x, int ch) {
            return v[((b * h + y) * w + x) * c + ch];
        }
    }

    /** Runs the network of {@link TfGolden} on {@code input} ({@code n} x 16 x 16 x 3). */
    static float[] forward(float[] input, int n, Param conv1K, Param conv1B, Param conv2K, Param conv2B,
                           Param denseK, Param denseB) {
        double[] in = new double[input.length];
        for (int i = 0; i < in.length; i++) {
            in[i] = input[i];
        }
        Act a = new Act(n, TfGolden.SIZE, TfGolden.SIZE, TfGolden.CHANNELS, in);
        a = relu(convSame(a, conv1K, conv1B, TfGolden.CONV1_STRIDE));
        a = maxPool2(a);
        a = relu(convSame(a, conv2K, conv2B, TfGolden.CONV2_STRIDE));
        int features = a.h() * a.w() * a.c();
        float[] kernel = denseK.values();
        float[] bias = denseB.values();
        int classes = bias.length;
        float[] out = new float[n * classes];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < classes; o++) {
                double s = bias[o];
                for (int f = 0; f < features; f++) {
                    s += a.v()[b * features + f] * kernel[f * classes + o];
                }
                out[b * classes + o] = (float) s;
            }
        }
        return out;
    }

    private static Act convSame(Act a, Param kernel, Param bias, int stride) {
        long[] ks = kernel.shape();
        int kh = (int) ks[0], kw = (int) ks[1], ci = (int) ks[2], co = (int) ks[3];
        float[] k = kernel.values();
        float[] bv = bias.values();
        int oh = (a.h() + stride - 1) / stride, ow = (a.w() + stride - 1) / stride;
        int padTop = Math.max((oh - 1) * stride + kh - a.h(), 0) / 2;
        int padLeft = Math.max((ow - 1) * stride + kw - a.w(), 0) / 2;
        double[] out = new double[a.n() * oh * ow * co];
        for (int b = 0; b < a.n(); b++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int o = 0; o < co; o++) {
                        double s = bv[o];
                        for (int i = 0; i < kh; i++) {
                            int iy = y * stride + i - padTop;
                            if (iy < 0 || iy >= a.h()) {
                                continue;
                            }
                            for (int j = 0; j < kw; j++) {
                                int ix = x * stride + j - padLeft;
                                if (ix < 0 || ix >= a.w()) {
                                    continue;
                                }
                                for (int c = 0; c < ci; c++) {
                                    s += a.at(b, iy, ix, c) * k[((i * kw + j) * ci + c) * co + o];
                                }
                            }
                        }
                        out[((b * oh + y) * ow + x) * co + o] = s;
                    }
                }
            }
        }
        return new Act(a.n(), oh, ow, co, out);
    }

    private static Act relu(Act a) {
        double[] v = a.v().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(v[i], 0);
        }
        return new Act(a.n(), a.h(), a.w(), a.c(), v);
    }

    private static Act maxPool2(Act a) {
        int oh = a.h() / 2, ow = a.w() / 2;
        double[] out = new double[a.n() * oh * ow * a.c()];
        for (int b = 0; b < a.n(); b++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int c = 0; c < a.c(); c++) {
                        double m = Math.max(Math.max(a.at(b, 2 * y, 2 * x, c), a.at(b, 2 * y, 2 * x + 1, c)),
                                Math.max(a.at(b, 2 * y + 1, 2 * x, c), a.at(b, 2 * y + 1, 2 * x + 1, c)));
                        out[((b * oh + y) * ow + x) * a.c() + c] = m;
                    }
                }
            }
        }
        return new Act(a.n(), oh, ow, a.c(), out);
    }
}
