package org.cytoarrow.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cytoarrow.core.compensation.SpilloverMatrix;
import org.cytoarrow.core.io.AtomicFile;
import org.cytoarrow.testdata.Patient.Stage;
import org.cytoarrow.testdata.TubeSimulator.Kind;

/**
 * Generates a seeded, deterministic synthetic study: MGUS and multiple-myeloma patients (stages I, II, III and
 * relapsed/refractory), each with four FCS 3.1 tubes, a sample sheet, the ground truth and the study panel.
 *
 * <p>Layout of {@code dir}:
 * <pre>
 *   fcs/P001_stained.fcs, P001_isotype.fcs, P001_untreated.fcs, P001_dexamethasone.fcs, ...
 *   sample_sheet.csv   patient,tube,file,diagnosis,stage,group,age,sex,del17p,del11q,ttp_months,progression
 *   truth.csv          per file: events drawn into each population and the probabilities used (see below)
 *   panel/             myeloma_il6.xml, apoptosis_pi.xml, panel.properties ({@link StudyPanel})
 * </pre>
 *
 * <p>Sample sheet: {@code stage} is I, II, III or RR for MM and empty for MGUS; {@code group} is the ordered
 * disease group MGUS, I, II, III, RR (for trend tests); {@code progression} is 1 when progression (or first
 * treatment) was observed at {@code ttp_months}, 0 when censored then; del17p, del11q are 0/1.
 *
 * <p>Every file has the channels {@link #CHANNELS} (float32, big-endian, $PnR 262144, $TIMESTEP 0.01), markers in
 * $PnS per tube type, a $SPILLOVER matrix ({@link #spillover()}) with which the fluorescence data really are
 * spilled, detector noise, debris and doublets. The IL-6+ fraction of CD138+ plasma cells rises with stage (MGUS
 * lowest); dexamethasone raises apoptosis, less so with high IL-6; time to progression is shorter with high IL-6.
 *
 * <p>truth.csv columns: {@code file, patient, tube, events, debris, doublets} and then, named after the panel's
 * gate ids, the exact number of events the gate must find: {@code Cells, Singlets, PlasmaCells, CD138pos,
 * IL6pos} (stained and isotype tubes; IL6pos with the placeholder divider of the panel) and {@code PIpos}
 * (untreated and dexamethasone tubes); gates not in a tube's panel are empty. The populations are kept apart
 * from every gate boundary (truncated distributions, see {@link TubeSimulator}), so the panel gates recover these
 * counts exactly. With the isotype-derived IL-6 threshold (99.5th percentile of the isotype's CD138pos cells)
 * instead of the placeholder, expect IL6pos + about 0.5 % of the IL-6-negative CD138pos cells. Then
 * {@code p_debris, p_doublet} (of all events), {@code p_plasma} (of singlets), {@code p_cd138} (of plasma
 * cells), {@code p_il6} (of CD138pos), {@code p_pi} (of singlets): the probabilities each event was drawn with.
 *
 * <p>Size: the default study ({@link Config#defaults()}) is 248 files, about 1.1 GB, written in about a minute
 * per core; {@link Config#small()} is 24 files, about 11 MB, in a few seconds. Single-threaded; files are
 * written atomically (temporary file + rename).
 */
public final class DemoCohort {
    /** Channel names ($PnN) in record order. */
    public static final List<String> CHANNELS = List.of("FSC-A", "FSC-H", "SSC-A", "V500-A", "FITC-A", "PE-A",
            "APC-A", "PerCP-Cy5.5-A", "Time");
    /** Tube types, in file order per patient. */
    public static final List<String> TUBES = List.of("stained", "isotype", "untreated", "dexamethasone");

    private static final List<String> FLUORESCENCE = List.of("V500-A", "FITC-A", "PE-A", "APC-A", "PerCP-Cy5.5-A");
    private static final double[][] SPILL = {
            {1, 0.06, 0.01, 0, 0.005},
            {0.005, 1, 0.18, 0, 0.03},
            {0, 0.015, 1, 0.01, 0.08},
            {0, 0, 0.005, 1, 0.02},
            {0, 0, 0.02, 0.04, 1},
    };
    private static final Map<String, Map<String, String>> MARKERS = Map.of(
            "stained", Map.of("V500-A", "CD45", "FITC-A", "CD38", "PE-A", "CD138", "APC-A", "IL-6"),
            "isotype", Map.of("V500-A", "CD45", "FITC-A", "CD38", "PE-A", "CD138", "APC-A", "IgG1 isotype"),
            "untreated", Map.of("PerCP-Cy5.5-A", "PI"),
            "dexamethasone", Map.of("PerCP-Cy5.5-A", "PI"));
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
        "NOV", "DEC"};

    private DemoCohort() {
    }

    /**
     * What to generate. Patients are P001.. : first the MGUS patients, then the MM patients whose stages cycle
     * I, II, III, RR. Each tube gets round(U(50,000, 200,000) x eventScale) events (at least 100).
     *
     * @param seed       seed of every random draw
     * @param mgus       number of MGUS patients
     * @param myeloma    number of multiple-myeloma patients
     * @param eventScale factor on the 50k-200k events per tube (1 = realistic size)
     */
    public record Config(long seed, int mgus, int myeloma, double eventScale) {
        public Config {
            if (mgus < 0 || myeloma < 0 || mgus + myeloma == 0 || mgus + myeloma > 999) {
                throw new IllegalArgumentException("Need 1..999 patients, got " + mgus + " MGUS + " + myeloma + " MM");
            }
            if (!(eventScale > 0) || eventScale > 100) {
                throw new IllegalArgumentException("eventScale must be in (0, 100], was " + eventScale);
            }
        }

        /** The study size: 15 MGUS and 47 MM patients, 50k-200k events per tube. */
        public static Config defaults() {
            return new Config(20_261_130L, 15, 47, 1.0);
        }

        /** A fast demo: 2 MGUS and 4 MM patients (one per stage), 5k-20k events per tube. */
        public static Config small() {
            return new Config(20_261_130L, 2, 4, 0.1);
        }

        public Config withSeed(long s) {
            return new Config(s, mgus, myeloma, eventScale);
        }

        public Config withPatients(int m, int mm) {
            return new Config(seed, m, mm, eventScale);
        }

        public Config withEventScale(double scale) {
            return new Config(seed, mgus, myeloma, scale);
        }
    }

    /** Where the generated files are. */
    public record Result(Path directory, Path sampleSheet, Path truth, Path panel, List<Path> files) {
    }

    /** The $SPILLOVER matrix of every file (fluorescence detectors V500-A, FITC-A, PE-A, APC-A, PerCP-Cy5.5-A). */
    public static SpilloverMatrix spillover() {
        return SpilloverMatrix.square(FLUORESCENCE, SPILL);
    }

    /** Writes the cohort into {@code dir} (created if needed; existing files of the same name are replaced). */
    public static Result generate(Path dir, Config config) {
        try {
            Path fcsDir = Files.createDirectories(dir.resolve("fcs"));
            Path panel = StudyPanel.copyTo(dir.resolve("panel"));
            StringBuilder sheet = new StringBuilder(
                    "patient,tube,file,diagnosis,stage,group,age,sex,del17p,del11q,ttp_months,progression\n");
            StringBuilder truth = new StringBuilder("file,patient,tube,events,debris,doublets,Cells,Singlets,"
                    + "PlasmaCells,CD138pos,IL6pos,PIpos,p_debris,p_doublet,p_plasma,p_cd138,p_il6,p_pi\n");
            List<Path> files = new ArrayList<>();
            TubeSimulator simulator = new TubeSimulator(SPILL);
            String spill = SyntheticFcs.spilloverValue(spillover());
            int patients = config.mgus() + config.myeloma();
            for (int p = 0; p < patients; p++) {
                Stage stage = p < config.mgus() ? Stage.MGUS
                        : List.of(Stage.I, Stage.II, Stage.III, Stage.RR).get((p - config.mgus()) % 4);
                Patient patient = Patient.draw(String.format(Locale.ROOT, "P%03d", p + 1), stage,
                        Rng.of(config.seed(), p, 0));
                for (int t = 0; t < TUBES.size(); t++) {
                    String tube = TUBES.get(t);
                    Rng rng = Rng.of(config.seed(), p, t + 1);
                    int n = (int) Math.max(100, Math.round(rng.uniform(50_000, 200_000) * config.eventScale()));
                    TubeSimulator.Tube events = simulator.simulate(patient, tube, n, rng);
                    String name = patient.id() + "_" + tube + ".fcs";
                    writeFcs(fcsDir.resolve(name), patient, tube, p, events, spill);
                    files.add(fcsDir.resolve(name));
                    sheet.append(sheetRow(patient, tube, "fcs/" + name));
                    truth.append(truthRow(patient, tube, "fcs/" + name, n, events));
                }
            }
            Path sheetFile = writeText(dir.resolve("sample_sheet.csv"), sheet.toString());
            Path truthFile = writeText(dir.resolve("truth.csv"), truth.toString());
            return new Result(dir, sheetFile, truthFile, panel, List.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo cohort to " + dir, e);
        }
    }

    private static void writeFcs(Path file, Patient patient, String tube, int index, TubeSimulator.Tube events,
                                 String spill) {
        SyntheticFcs.Builder b = SyntheticFcs.builder().version("3.1").datatype('F')
                .byteOrder(ByteOrder.BIG_ENDIAN);
        Map<String, String> markers = MARKERS.get(tube);
        for (String channel : CHANNELS) {
            b.channel(channel, markers.get(channel), 32, 262144);
        }
        b.keyword("$CYT", "cytoarrow DemoCohort (synthetic)")
                .keyword("$DATE", String.format(Locale.ROOT, "%02d-%s-2026", 1 + index % 28, MONTHS[index % 12]))
                .keyword("$FIL", file.getFileName().toString())
                .keyword("$SRC", patient.id())
                .keyword("$TIMESTEP", "0.01")
                .keyword("$SPILLOVER", spill)
                .keyword("TUBE NAME", tube)
                .keyword("PATIENT ID", patient.id())
                .events(events.columns())
                .write(file);
    }

    private static String sheetRow(Patient p, String tube, String file) {
        return String.join(",", p.id(), tube, file, p.stage().diagnosis, p.stage().label, p.stage().name(),
                Integer.toString(p.age()), p.sex(), p.del17p() ? "1" : "0", p.del11q() ? "1" : "0",
                String.format(Locale.ROOT, "%.1f", p.ttpMonths()), p.progression() ? "1" : "0") + "\n";
    }

    private static String truthRow(Patient p, String tube, String file, int n, TubeSimulator.Tube e) {
        long debris = e.count(Kind.DEBRIS);
        long doublets = e.count(Kind.DOUBLET);
        long cells = n - debris;
        long singlets = cells - doublets;
        boolean antibodies = tube.equals("stained") || tube.equals("isotype");
        String plasma = "";
        String cd138 = "";
        String il6 = "";
        String pi = "";
        if (antibodies) {
            long pos = e.count(Kind.PLASMA_IL6NEG) + e.count(Kind.PLASMA_IL6POS);
            plasma = Long.toString(pos + e.count(Kind.PLASMA_CD138NEG));
            cd138 = Long.toString(pos);
            il6 = Long.toString(e.count(Kind.PLASMA_IL6POS));
        } else {
            pi = Long.toString(e.count(Kind.APOPTOTIC));
        }
        return String.join(",", file, p.id(), tube, Integer.toString(n), Long.toString(debris),
                Long.toString(doublets), Long.toString(cells), Long.toString(singlets), plasma, cd138, il6, pi,
                f(e.pDebris()), f(e.pDoublet()), f(p.plasma()), f(p.cd138()),
                f(tube.equals("stained") ? p.il6() : 0), f(e.pPi())) + "\n";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    private static Path writeText(Path target, String text) {
        AtomicFile.write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        return target;
    }

    /**
     * Command line: {@code DemoCohort <dir> [--small] [--seed N] [--scale X] [--mgus N] [--mm N]}.
     * Prints where the files went and how long it took.
     */
    public static void main(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            System.err.println("usage: DemoCohort <dir> [--small] [--seed N] [--scale X] [--mgus N] [--mm N]");
            System.exit(2);
        }
        Config c = Config.defaults();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--small" -> c = Config.small().withSeed(c.seed());
                case "--seed" -> c = c.withSeed(Long.parseLong(args[++i]));
                case "--scale" -> c = c.withEventScale(Double.parseDouble(args[++i]));
                case "--mgus" -> c = c.withPatients(Integer.parseInt(args[++i]), c.myeloma());
                case "--mm" -> c = c.withPatients(c.mgus(), Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        Result r = generate(Path.of(args[0]), c);
        System.out.printf(Locale.ROOT, "%d files, sample sheet %s, truth %s, panel %s (%.1f s)%n", r.files().size(),
                r.sampleSheet(), r.truth(), r.panel(), (System.nanoTime() - t0) / 1e9);
    }
}
