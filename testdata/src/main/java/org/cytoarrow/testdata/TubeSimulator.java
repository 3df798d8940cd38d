package org.cytoarrow.testdata;

/**
 * Draws the events of one tube: every event is first assigned a population (so the exact count per population is
 * known), then its true scatter and fluorochrome intensities are drawn from that population's truncated
 * distribution, spilled into the detectors with the cohort's spillover matrix, and detector noise is added.
 *
 * <p>Intensities (linear units; log-normal median and log sigma, all truncated at 3.5 sigma) are chosen so each
 * population stays clear of the panel gates (logicle T=262144, W=0.5, M=4.5, A=0 values in brackets):
 * plasma cells CD38 &gt;= 16.7k [0.73] vs others &lt;= 2.4k [0.55], gate 0.63; CD45 dim &lt;= 1.2k [0.49] vs
 * leukocytes &gt;= 5.0k [0.62], gate 0.56; CD138+ &gt;= 8.7k [0.67] vs &lt;= 0.73k [0.43], gate 0.55; IL-6+
 * &gt;= 2.8k [0.56] vs &lt;= 0.58k [0.40], placeholder 0.48; PI+ &gt;= 5.2k [0.62] vs &lt;= 0.73k [0.43], gate
 * 0.52. Detector noise is at most 87.5 before compensation. Debris has FSC-A &lt;= 19.2k (Cells gate 25k), cells
 * &gt;= 32.5k; singlets have FSC-H/FSC-A in [0.79, 0.97], doublets (two cells of one population: areas add, height
 * is 1.1 x the mean height) at most 0.54 (Singlets gate 0.68).
 */
final class TubeSimulator {
    static final int FSC_A = 0;
    static final int FSC_H = 1;
    static final int SSC_A = 2;
    static final int CD45 = 3;
    static final int CD38 = 4;
    static final int CD138 = 5;
    static final int APC = 6;
    static final int PI = 7;
    static final int TIME = 8;
    static final int CHANNELS = 9;
    /** Fluorescence detectors, in $SPILLOVER order. */
    static final int[] FLUORESCENCE = {CD45, CD38, CD138, APC, PI};
    static final double MAX = 262143;

    /** Populations an event is drawn into. */
    enum Kind {
        DEBRIS, DOUBLET, LYMPHOCYTE, OTHER_LEUKOCYTE, PLASMA_CD138NEG, PLASMA_IL6NEG, PLASMA_IL6POS,
        /** A live plasma cell in a PI-only tube (no antibody staining). */
        PLASMA_UNSTAINED,
        APOPTOTIC
    }

    /** The events of a tube ([channel][event]), how many events each population got, and the probabilities. */
    record Tube(double[][] columns, long[] counts, double pDebris, double pDoublet, double pPi) {
        long count(Kind k) {
            return counts[k.ordinal()];
        }
    }

    private final double[][] spill;

    TubeSimulator(double[][] spill) {
        this.spill = spill;
    }

    Tube simulate(Patient p, String tube, int n, Rng rng) {
        boolean antibodies = tube.equals("stained") || tube.equals("isotype");
        double pDebris = rng.uniform(0.05, 0.15);
        double pDoublet = rng.uniform(0.02, 0.06);
        double pPi = switch (tube) {
            case "untreated" -> p.spontaneous();
            case "dexamethasone" -> p.spontaneous() + (1 - p.spontaneous()) * p.specific();
            default -> 0;
        };
        double[] singlet = new double[Kind.values().length];
        if (antibodies) {
            double il6 = tube.equals("stained") ? p.il6() : 0;
            singlet[Kind.LYMPHOCYTE.ordinal()] = 0.45 * (1 - p.plasma());
            singlet[Kind.OTHER_LEUKOCYTE.ordinal()] = 0.55 * (1 - p.plasma());
            singlet[Kind.PLASMA_CD138NEG.ordinal()] = p.plasma() * (1 - p.cd138());
            singlet[Kind.PLASMA_IL6NEG.ordinal()] = p.plasma() * p.cd138() * (1 - il6);
            singlet[Kind.PLASMA_IL6POS.ordinal()] = p.plasma() * p.cd138() * il6;
        } else {
            singlet[Kind.LYMPHOCYTE.ordinal()] = (1 - pPi) * 0.45 * (1 - p.plasma());
            singlet[Kind.OTHER_LEUKOCYTE.ordinal()] = (1 - pPi) * 0.55 * (1 - p.plasma());
            singlet[Kind.PLASMA_UNSTAINED.ordinal()] = (1 - pPi) * p.plasma();
            singlet[Kind.APOPTOTIC.ordinal()] = pPi;
        }
        double[][] cols = new double[CHANNELS][n];
        long[] counts = new long[Kind.values().length];
        double duration = rng.uniform(6000, 18000);   // acquisition time in $TIMESTEP = 0.01 s ticks
        double[] a = new double[CHANNELS];
        double[] b = new double[CHANNELS];
        for (int i = 0; i < n; i++) {
            double u = rng.uniform();
            Kind kind;
            if (u < pDebris) {
                kind = Kind.DEBRIS;
                cell(kind, antibodies, rng, a);
            } else if (u < pDebris + pDoublet) {
                kind = Kind.DOUBLET;
                Kind pair = pick(singlet, rng.uniform());
                cell(pair, antibodies, rng, a);
                cell(pair, antibodies, rng, b);
                double height = (a[FSC_H] + b[FSC_H]) / 2 * 1.1;
                for (int c = 0; c < CHANNELS; c++) {
                    a[c] += b[c];
                }
                a[FSC_H] = height;
            } else {
                kind = pick(singlet, rng.uniform());
                cell(kind, antibodies, rng, a);
            }
            counts[kind.ordinal()]++;
            cols[FSC_A][i] = clip(a[FSC_A], 0);
            cols[FSC_H][i] = clip(a[FSC_H], 0);
            cols[SSC_A][i] = clip(a[SSC_A], 0);
            for (int j = 0; j < FLUORESCENCE.length; j++) {
                double detector = 0;
                for (int f = 0; f < FLUORESCENCE.length; f++) {
                    detector += a[FLUORESCENCE[f]] * spill[f][j];
                }
                cols[FLUORESCENCE[j]][i] = clip(detector + rng.normal(0, 25), -MAX);
            }
            cols[TIME][i] = Math.floor(i * duration / n);
        }
        return new Tube(cols, counts, pDebris, pDoublet, pPi);
    }

    private static double clip(double v, double min) {
        return Math.max(min, Math.min(MAX, v));
    }

    /** The singlet population for a uniform u, by cumulative probability (weights sum to 1). */
    private static Kind pick(double[] weights, double u) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = u * sum;
        Kind last = null;
        for (Kind k : Kind.values()) {
            double w = weights[k.ordinal()];
            if (w <= 0) {
                continue;
            }
            last = k;
            x -= w;
            if (x < 0) {
                return k;
            }
        }
        return last;
    }

    /** True (unspilled) intensities of one particle of population k into v (Time left 0). */
    private static void cell(Kind k, boolean antibodies, Rng rng, double[] v) {
        double ratio;
        switch (k) {
            case DEBRIS -> {
                v[FSC_A] = rng.logNormal(7000, 0.3);
                v[SSC_A] = rng.logNormal(5000, 0.4);
                ratio = rng.normal(0.85, 0.04);
            }
            case LYMPHOCYTE -> {
                v[FSC_A] = rng.normal(60000, 5000);
                v[SSC_A] = rng.normal(18000, 3000);
                ratio = rng.normal(0.88, 0.025);
            }
            case OTHER_LEUKOCYTE -> {
                v[FSC_A] = rng.normal(85000, 7000);
                v[SSC_A] = rng.normal(70000, 12000);
                ratio = rng.normal(0.88, 0.025);
            }
            case APOPTOTIC -> {
                v[FSC_A] = rng.normal(50000, 5000);
                v[SSC_A] = rng.normal(55000, 9000);
                ratio = rng.normal(0.88, 0.025);
            }
            default -> {  // plasma cells
                v[FSC_A] = rng.normal(100000, 9000);
                v[SSC_A] = rng.normal(45000, 8000);
                ratio = rng.normal(0.88, 0.025);
            }
        }
        v[FSC_H] = v[FSC_A] * ratio;
        boolean plasma = k == Kind.PLASMA_CD138NEG || k == Kind.PLASMA_IL6NEG || k == Kind.PLASMA_IL6POS;
        if (!antibodies || k == Kind.DEBRIS) {
            v[CD45] = rng.logNormal(100, 0.45);
            v[CD38] = rng.logNormal(100, 0.45);
            v[CD138] = rng.logNormal(100, 0.45);
            v[APC] = rng.logNormal(100, 0.45);
        } else {
            v[CD45] = switch (k) {
                case LYMPHOCYTE -> rng.logNormal(20000, 0.25);
                case OTHER_LEUKOCYTE -> rng.logNormal(12000, 0.25);
                default -> rng.logNormal(250, 0.45);
            };
            v[CD38] = switch (k) {
                case LYMPHOCYTE -> rng.logNormal(600, 0.4);
                case OTHER_LEUKOCYTE -> rng.logNormal(300, 0.4);
                default -> rng.logNormal(40000, 0.25);
            };
            v[CD138] = plasma && k != Kind.PLASMA_CD138NEG ? rng.logNormal(25000, 0.3) : rng.logNormal(150, 0.45);
            v[APC] = k == Kind.PLASMA_IL6POS ? rng.logNormal(8000, 0.3) : rng.logNormal(120, 0.45);
        }
        v[PI] = k == Kind.APOPTOTIC ? rng.logNormal(15000, 0.3) : rng.logNormal(150, 0.45);
        v[TIME] = 0;
    }
}
