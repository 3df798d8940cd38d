package org.cytoarrow.core.compensation;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A spillover (spectrum) matrix: how much of each fluorochrome's signal lands in each detector.
 *
 * <p>Row {@code i} belongs to fluorochrome {@code fluorochromes.get(i)}, column {@code j} to detector
 * {@code detectors.get(j)}; {@code coefficient(i, j)} is the fraction of fluorochrome i seen by detector j.
 * An FCS {@code $SPILLOVER} matrix is square and names its fluorochromes after the detectors (channel names).
 * A Gating-ML {@code spectrumMatrix} may be non-square (more detectors than fluorochromes: unmixing), and may be
 * given already inverted. Immutable.
 */
public final class SpilloverMatrix {
    private final List<String> fluorochromes;
    private final List<String> detectors;
    private final double[][] coefficients;
    private final boolean invertedAlready;

    public SpilloverMatrix(List<String> fluorochromes, List<String> detectors, double[][] coefficients,
                           boolean invertedAlready) {
        this.fluorochromes = List.copyOf(fluorochromes);
        this.detectors = List.copyOf(detectors);
        Objects.requireNonNull(coefficients, "coefficients");
        int rows = invertedAlready ? this.detectors.size() : this.fluorochromes.size();
        int cols = invertedAlready ? this.fluorochromes.size() : this.detectors.size();
        if (coefficients.length != rows) {
            throw new IllegalArgumentException("Spillover matrix must have " + rows + " rows, has "
                    + coefficients.length);
        }
        double[][] copy = new double[rows][];
        for (int i = 0; i < rows; i++) {
            if (coefficients[i].length != cols) {
                throw new IllegalArgumentException("Spillover matrix row " + i + " must have " + cols
                        + " values, has " + coefficients[i].length);
            }
            copy[i] = coefficients[i].clone();
        }
        this.coefficients = copy;
        this.invertedAlready = invertedAlready;
    }

    /** A square FCS-style matrix whose fluorochromes are named after the detectors. */
    public static SpilloverMatrix square(List<String> channels, double[][] coefficients) {
        return new SpilloverMatrix(channels, channels, coefficients, false);
    }

    public List<String> fluorochromes() {
        return fluorochromes;
    }

    public List<String> detectors() {
        return detectors;
    }

    /**
     * The matrix as given: fluorochromes x detectors, or (when {@link #invertedAlready()}) the
     * detectors x fluorochromes compensation matrix. A copy.
     */
    public double[][] coefficients() {
        double[][] copy = new double[coefficients.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = coefficients[i].clone();
        }
        return copy;
    }

    public double coefficient(int row, int column) {
        return coefficients[row][column];
    }

    /** Whether the coefficients are already the inverse (Gating-ML {@code matrix-inverted-already}). */
    public boolean invertedAlready() {
        return invertedAlready;
    }

    public boolean isSquare() {
        return fluorochromes.size() == detectors.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpilloverMatrix m && m.invertedAlready == invertedAlready
                && m.fluorochromes.equals(fluorochromes) && m.detectors.equals(detectors)
                && Arrays.deepEquals(m.coefficients, coefficients);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fluorochromes, detectors, Arrays.deepHashCode(coefficients), invertedAlready);
    }

    @Override
    public String toString() {
        return "SpilloverMatrix" + fluorochromes + "x" + detectors + Arrays.deepToString(coefficients);
    }
}
