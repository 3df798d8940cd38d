package org.cytoarrow.report;

/**
 * The pseudocolour scale of density plots: blue (fewest events) through cyan, green and yellow to red (most),
 * as a 256-entry lookup table of packed RGB values.
 */
final class ColorMap {
    static final int SIZE = 256;
    private static final double[] STOPS = {0.0, 0.25, 0.5, 0.75, 1.0};
    private static final int[][] RGB = {
        {0, 0, 230}, {0, 190, 255}, {0, 210, 0}, {255, 225, 0}, {230, 0, 0}};
    private static final int[] LUT = build();

    private ColorMap() {
    }

    private static int[] build() {
        int[] lut = new int[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double t = i / (SIZE - 1.0);
            int s = 0;
            while (s < STOPS.length - 2 && t > STOPS[s + 1]) {
                s++;
            }
            double f = (t - STOPS[s]) / (STOPS[s + 1] - STOPS[s]);
            int r = (int) Math.round(RGB[s][0] + f * (RGB[s + 1][0] - RGB[s][0]));
            int g = (int) Math.round(RGB[s][1] + f * (RGB[s + 1][1] - RGB[s][1]));
            int b = (int) Math.round(RGB[s][2] + f * (RGB[s + 1][2] - RGB[s][2]));
            lut[i] = (r << 16) | (g << 8) | b;
        }
        return lut;
    }

    /** Packed RGB of position {@code t} in [0, 1] (clamped). */
    static int rgb(double t) {
        int i = (int) (t * (SIZE - 1) + 0.5);
        return LUT[Math.max(0, Math.min(SIZE - 1, i))];
    }

    /**
     * Packed RGB for a bin holding {@code count >= 1} events when the fullest bin holds {@code max}: log
     * density, {@code log(count) / log(max)}, so sparse events stay visible next to a dense population.
     */
    static int forCount(int count, double logMax) {
        return logMax <= 0 ? LUT[0] : rgb(Math.log(count) / logMax);
    }
}
