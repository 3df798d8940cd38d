package org.cytoarrow.testdata;

/**
 * Logicle as defined by the Gating-ML 2.0 specification (logicle transformation; Parks, Roederer and Moore 2006),
 * written for the tests only: the inverse S(y) in closed form and logicle(x) by bisection. Slow, but independent of
 * the project's transforms.
 */
final class TestLogicle {
    private final double a;
    private final double b;
    private final double c;
    private final double d;
    private final double f;
    private final double x1;

    TestLogicle(double t, double w, double m, double aa) {
        double ww = w / (m + aa);
        double x2 = aa / (m + aa);
        x1 = x2 + ww;
        double x0 = x2 + 2 * ww;
        b = (m + aa) * Math.log(10);
        double lo = 1e-12;
        double hi = b;
        for (int i = 0; i < 200; i++) {     // 2 (ln d - ln b) + w (b + d) = 0, increasing in d
            double mid = (lo + hi) / 2;
            if (2 * (Math.log(mid) - Math.log(b)) + ww * (b + mid) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        d = (lo + hi) / 2;
        double ca = Math.exp(x0 * (b + d));
        double mfa = Math.exp(b * x1) - ca / Math.exp(d * x1);
        a = t / (Math.exp(b) - mfa - ca / Math.exp(d));
        c = ca * a;
        f = -mfa * a;
    }

    /** The inverse: data value of scale value y. */
    double inverse(double y) {
        if (y >= x1) {
            return a * Math.exp(b * y) - c * Math.exp(-d * y) + f;
        }
        return -inverse(2 * x1 - y);
    }

    double apply(double x) {
        double lo = -2;
        double hi = 2;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (inverse(mid) < x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
