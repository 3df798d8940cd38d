package org.cytoarrow.gating;

import java.util.List;

/**
 * An n-dimensional ellipsoid gate (n >= 2): an event x is inside when
 * {@code (x - mean)^T * covariance^-1 * (x - mean) <= distanceSquare} (boundary included, as Gating-ML 2.0 says).
 * NaN in any coordinate is outside; infinite coordinates are outside.
 *
 * @param id             gate id
 * @param parentId       parent population id, or null
 * @param dimensions     the n axes
 * @param mean           the centre, n values
 * @param covariance     the n x n covariance matrix (row lists); must be symmetric and invertible
 * @param distanceSquare the squared Mahalanobis distance of the boundary, >= 0
 */
public record EllipsoidGate(String id, String parentId, List<Dimension> dimensions, List<Double> mean,
                            List<List<Double>> covariance, double distanceSquare) implements Gate {

    public EllipsoidGate {
        Gate.requireId(id, "Gate");
        dimensions = List.copyOf(dimensions);
        mean = List.copyOf(mean);
        covariance = covariance.stream().map(List::copyOf).toList();
        int n = dimensions.size();
        if (n < 2) {
            throw new IllegalArgumentException("EllipsoidGate " + id + " needs at least 2 dimensions, has " + n);
        }
        if (mean.size() != n) {
            throw new IllegalArgumentException("EllipsoidGate " + id + ": mean has " + mean.size()
                    + " coordinates for " + n + " dimensions");
        }
        if (covariance.size() != n || covariance.stream().anyMatch(r -> r.size() != n)) {
            throw new IllegalArgumentException("EllipsoidGate " + id + ": covariance matrix must be " + n + "x" + n);
        }
        if (!(distanceSquare >= 0) || Double.isInfinite(distanceSquare)) {
            throw new IllegalArgumentException("EllipsoidGate " + id + ": distanceSquare must be finite and >= 0, was "
                    + distanceSquare);
        }
    }

    /** The inverse of the covariance matrix (Gauss-Jordan with partial pivoting). */
    public double[][] inverseCovariance() {
        int n = covariance.size();
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = covariance.get(i).get(j);
            }
            a[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            if (a[p][c] == 0 || !Double.isFinite(a[p][c])) {
                throw new IllegalArgumentException("EllipsoidGate " + id + ": covariance matrix is singular");
            }
            double[] t = a[p];
            a[p] = a[c];
            a[c] = t;
            double d = a[c][c];
            for (int j = 0; j < 2 * n; j++) {
                a[c][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[c][j];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
