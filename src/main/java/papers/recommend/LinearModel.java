package papers.recommend;

import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;

/**
 * A reader's taste as a linear function over paper embeddings: {@code score(x) = w·x + b}. Fitted by one of the
 * {@link Fit} methods from the reader's positive papers against negatives (their dismissals, weighted up, and a
 * background sample of the papers they did not pick), as arxiv-sanity-lite fits an SVM of a reader's papers against
 * the rest. Which method ships was decided by {@code bench/recommend-eval}; the others stay for that comparison.
 * Vectors are unit length ({@link #unit}), so a dot product is a cosine.
 */
public final class LinearModel {

    private final float[] weights;
    private final double bias;

    LinearModel(float[] weights, double bias) {
        this.weights = weights;
        this.bias = bias;
    }

    public double score(float[] x) {
        if (x.length != weights.length) {
            return Double.NEGATIVE_INFINITY; // another model's vector: ranks last rather than failing the page
        }
        return bias + VectorUtil.dotProduct(weights, x);
    }

    /** Gradient steps of the logistic fit: a fixed budget, so a refit costs the same for every reader. */
    static final int ITERATIONS = 120;

    /** One training example: a unit vector, its label (+1 wanted, -1 not) and how much it counts. */
    public record Example(float[] x, int y, double weight) { }

    /** How a model is fitted. */
    public enum Fit {
        /** The mean of the positives: ranks by cosine to the reader's centre (a baseline). */
        CENTROID,
        /** arxiv-sanity-lite: a linear SVM (hinge loss, C = 0.01, classes balanced), positives against the rest. */
        SVM,
        /** L2-regularised logistic regression, classes balanced, each example weighted. */
        LOGISTIC
    }

    public static LinearModel fit(Fit how, List<Example> examples, int dim) {
        return switch (how) {
            case CENTROID -> centroid(examples, dim);
            case SVM -> svm(examples, dim, 0.01);
            case LOGISTIC -> logistic(examples, dim, 1.0);
        };
    }

    static LinearModel centroid(List<Example> examples, int dim) {
        float[] w = new float[dim];
        for (Example e : examples) {
            if (e.y > 0) {
                axpy((float) e.weight, e.x, w);
            }
        }
        return new LinearModel(unit(w), 0);
    }

    /**
     * Dual coordinate descent for the L1-loss linear SVM (Hsieh et al. 2008, what LIBLINEAR and scikit-learn's
     * LinearSVC run), with a bias feature of 1 and per-class C balanced as scikit-learn's "balanced" does.
     */
    static LinearModel svm(List<Example> examples, int dim, double c) {
        int n = examples.size();
        int positives = (int) examples.stream().filter(e -> e.y > 0).count();
        if (positives == 0 || positives == n) {
            return centroid(examples, dim);
        }
        double cPos = c * n / (2.0 * positives);
        double cNeg = c * n / (2.0 * (n - positives));
        double[] w = new double[dim + 1];
        double[] alpha = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(42);
        for (int iter = 0; iter < 50; iter++) {
            shuffle(order, random);
            double maxChange = 0;
            for (int i : order) {
                Example e = examples.get(i);
                double u = (e.y > 0 ? cPos : cNeg) * e.weight;
                double qii = dot(e.x, e.x) + 1;
                double g = e.y * (dotBias(w, e.x)) - 1;
                double pg = g;
                if (alpha[i] == 0) {
                    pg = Math.min(g, 0);
                } else if (alpha[i] == u) {
                    pg = Math.max(g, 0);
                }
                if (pg != 0) {
                    double old = alpha[i];
                    alpha[i] = Math.min(Math.max(old - g / qii, 0), u);
                    double d = (alpha[i] - old) * e.y;
                    for (int k = 0; k < dim; k++) {
                        w[k] += d * e.x[k];
                    }
                    w[dim] += d;
                    maxChange = Math.max(maxChange, Math.abs(d));
                }
            }
            if (maxChange < 1e-4) {
                break;
            }
        }
        return fromDouble(w, dim);
    }

    /**
     * Logistic regression by gradient descent with a fixed step (the loss is smooth and the inputs unit vectors, so
     * a step of 1 converges without a line search); {@code lambda} is the L2 penalty per unit of total weight.
     */
    static LinearModel logistic(List<Example> examples, int dim, double lambda) {
        int n = examples.size();
        double posWeight = 0;
        double negWeight = 0;
        for (Example e : examples) {
            if (e.y > 0) {
                posWeight += e.weight;
            } else {
                negWeight += e.weight;
            }
        }
        if (posWeight == 0 || negWeight == 0) {
            return centroid(examples, dim);
        }
        // Balanced: positives and negatives weigh half each, whatever their numbers.
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            scale[i] = e.weight * 0.5 / (e.y > 0 ? posWeight : negWeight);
        }
        // float weights and gradient: Lucene's SIMD dot product for the margins, and a plain loop the JIT vectorises
        // for the gradient (a refit is what a reader waits for after a save)
        float[] w = new float[dim];
        float[] grad = new float[dim];
        double bias = 0;
        double step = 4.0;
        for (int iter = 0; iter < ITERATIONS; iter++) {
            java.util.Arrays.fill(grad, 0);
            double gradBias = 0;
            for (int i = 0; i < n; i++) {
                Example e = examples.get(i);
                double margin = e.y * (bias + VectorUtil.dotProduct(w, e.x));
                double p = 1 / (1 + Math.exp(margin)); // the loss's slope: how wrong this example still is
                float coef = (float) (-scale[i] * e.y * p);
                float[] x = e.x;
                for (int k = 0; k < dim; k++) {
                    grad[k] += coef * x[k];
                }
                gradBias += coef;
            }
            for (int k = 0; k < dim; k++) {
                w[k] -= (float) (step * (grad[k] + lambda * 1e-2 * w[k]));
            }
            bias -= step * gradBias;
        }
        return new LinearModel(w, bias);
    }

    private static LinearModel fromDouble(double[] w, int dim) {
        float[] f = new float[dim];
        for (int k = 0; k < dim; k++) {
            f[k] = (float) w[k];
        }
        return new LinearModel(f, w[dim]);
    }

    private static double dotBias(double[] w, float[] x) {
        double s = w[x.length];
        for (int k = 0; k < x.length; k++) {
            s += w[k] * x[k];
        }
        return s;
    }

    /** Lucene's dot product: SIMD when the vector incubator module is on (as in bin/papers and the tests). */
    static double dot(float[] a, float[] b) {
        return a.length == b.length ? VectorUtil.dotProduct(a, b) : 0;
    }

    private static void axpy(float a, float[] x, float[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The vector scaled to length 1 (a copy); a zero vector stays zero. */
    public static float[] unit(float[] v) {
        double n = Math.sqrt(dot(v, v));
        float[] u = new float[v.length];
        if (n > 0) {
            for (int i = 0; i < v.length; i++) {
                u[i] = (float) (v[i] / n);
            }
        }
        return u;
    }
}
