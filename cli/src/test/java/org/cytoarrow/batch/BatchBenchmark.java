package org.cytoarrow.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.cytoarrow.core.Memory;
import org.cytoarrow.gating.GatingStrategy;
import org.cytoarrow.gating.xml.GatingMl;
import org.cytoarrow.testdata.DemoCohort;
import org.cytoarrow.testdata.StudyPanel;
import org.cytoarrow.testdata.SyntheticFcs;

/**
 * Whole-batch throughput (issue #5 item 5): FILES synthetic FCS 3.1 files of EVENTS events x 16 float32 channels
 * (the demo cohort's 9 channels and $SPILLOVER plus 7 more), gated with the demo panel's myeloma strategy
 * (polygons, rectangle, quadrant; FCS compensation, logicle), statistics, plots and report, with 1 and then 2
 * threads. Each thread count runs in a fresh JVM so its peak RSS (VmHWM of /proc/self/status) is its own.
 *
 * <pre>
 * ./mvnw -q -B -pl cli -am package -DskipTests &amp;&amp; ./mvnw -q -B -pl cli test-compile
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp cli/target/test-classes:cli/target/cytoarrow.jar \
 *      org.cytoarrow.batch.BatchBenchmark [files=100] [events=100000] [threads=1,2] [dir=TEMP] [pin=true]
 * </pre>
 * {@code pin=true} gives each JVM exactly as many cores as worker threads (Linux {@code taskset}); with
 * {@code interleave=true}, the one JVM is moved onto as many cores as the run's worker threads before each run, so
 * the pairs compare one core with two, drift cancelled.
 * {@code interleave=true} runs all thread counts in one JVM instead, alternating (1, 2, then 2, 1, ...), and reports
 * the scaling of each warm pair of runs: the host's speed drifts over minutes on a shared VM, which a JVM per thread
 * count measures as scaling (peak RSS is then the JVM's, not per thread count). Before each pair it also measures
 * what the machine gives a second thread on plain CPU and memory work ({@link HostScaling}). System
 * properties {@code -Drounds=N} (runs per JVM) and {@code -DperRun=true} (wall, CPU and CPU per thread group of
 * every run) are passed on to the children.
 * Prints one line per thread count: the cold first run and the median of the warm runs after it (wall seconds,
 * events/s, files/s), and peak RSS. The runs' outputs are kept until the end (see {@link #runOnce}); then they are
 * deleted, and so are the input files unless {@code dir=} names a folder to keep them in.
 */
public final class BatchBenchmark {
    static final List<String> EXTRA = List.of("BV421-A", "BV605-A", "BV786-A", "PE-Cy7-A", "APC-H7-A", "AF700-A",
            "PE-CF594-A");

    /** Where runs' outputs go until the end (see {@link #runOnce}). */
    private static final String TRASH = "trash";

    private BatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int files = 100;
        int events = 100_000;
        String threads = "1,2";
        Path dir = null;
        boolean child = false;
        boolean pin = false;
        boolean interleave = false;
        for (String a : args) {
            String v = a.substring(a.indexOf('=') + 1);
            if (a.startsWith("files=")) {
                files = Integer.parseInt(v);
            } else if (a.startsWith("events=")) {
                events = Integer.parseInt(v);
            } else if (a.startsWith("threads=")) {
                threads = v;
            } else if (a.startsWith("dir=")) {
                dir = Path.of(v);
            } else if (a.equals("pin=true")) {
                pin = true;
            } else if (a.equals("interleave=true")) {
                interleave = true;
            } else if (a.equals("--child")) {
                child = true;
            }
        }
        if (child) {
            int[] counts = java.util.Arrays.stream(threads.split(",")).mapToInt(t -> Integer.parseInt(t.strip()))
                    .toArray();
            if (counts.length == 1) {
                runChild(dir, counts[0]);
            } else {
                runInterleaved(dir, counts, pin);
            }
            return;
        }
        boolean temp = dir == null;
        Path data = temp ? Files.createTempDirectory("cytoarrow-batch-bench") : dir;
        try {
            long t0 = System.nanoTime();
            int made = generate(data.resolve("fcs"), files, events);
            System.out.printf(Locale.ROOT, "generated %d file(s) x %,d events x 16 channels in %.1f s (%s)%n", made,
                    events, (System.nanoTime() - t0) / 1e9, data);
            if (interleave) {
                runInChildJvm(data, threads, false, pin);
            } else {
                for (String t : threads.split(",")) {
                    runInChildJvm(data, t.strip(), pin, false);
                }
            }
        } finally {
            if (temp) {
                deleteTree(data);
            } else {
                deleteTree(data.resolve(TRASH));
            }
        }
    }

    /** Writes the files (skipping those already there); returns how many exist. */
    static int generate(Path fcsDir, int files, int events) throws IOException {
        Files.createDirectories(fcsDir);
        List<String> channels = new ArrayList<>(DemoCohort.CHANNELS);
        channels.addAll(EXTRA);
        for (int f = 0; f < files; f++) {
            Path p = fcsDir.resolve(String.format(Locale.ROOT, "S%03d.fcs", f));
            if (Files.isRegularFile(p)) {
                continue;
            }
            SplittableRandom rng = new SplittableRandom(1000 + f);
            SyntheticFcs.Builder b = SyntheticFcs.builder().version("3.1").datatype('F').retainTruth(false)
                    .spillover(DemoCohort.spillover()).keyword("$TIMESTEP", "0.01");
            for (String c : channels) {
                b.channel(c, null, 32, 262144);
            }
            int nc = channels.size();
            b.events(events, (i, row) -> {
                // ~15% debris (small FSC/SSC), ~5% doublets (FSC-H low for FSC-A), 10% plasma-like cells
                double u = rng.nextDouble();
                double fsc = u < 0.15 ? 10_000 + 8_000 * rng.nextDouble() : 100_000 + 15_000 * rng.nextGaussian();
                row[0] = fsc;
                row[1] = u > 0.95 ? fsc * 0.55 : fsc * 0.88 + 2_000 * rng.nextGaussian();
                row[2] = u < 0.15 ? 5_000 * rng.nextDouble() : 45_000 + 8_000 * rng.nextGaussian();
                boolean plasma = u > 0.15 && u < 0.25;
                row[3] = plasma ? 800 + 300 * rng.nextGaussian() : 6_000 + 1_500 * rng.nextGaussian();
                row[4] = plasma ? 20_000 + 5_000 * rng.nextGaussian() : 300 + 200 * rng.nextGaussian();
                row[5] = plasma ? 15_000 + 4_000 * rng.nextGaussian() : 100 + 150 * rng.nextGaussian();
                row[6] = plasma && rng.nextDouble() < 0.2 ? 8_000 + 2_000 * rng.nextGaussian()
                        : 50 + 100 * rng.nextGaussian();
                row[7] = 200 + 300 * rng.nextGaussian();
                row[8] = i * 0.5;
                for (int c = 9; c < nc; c++) {
                    row[c] = rng.nextDouble() < 0.3 ? 5_000 + 1_000 * rng.nextGaussian() : 100 * rng.nextGaussian();
                }
            });
            b.write(p);
        }
        try (Stream<Path> s = Files.list(fcsDir)) {
            return (int) s.count();
        }
    }

    /**
     * Runs the batch in a fresh JVM; with {@code pin}, under {@code taskset -c 0-(threads-1)}, so that the whole
     * process (JIT compiler and GC threads included) gets exactly {@code threads} cores: without it a
     * {@code threads=1} JVM still compiles and collects on the other cores, for free. With {@code pinEachRun}
     * (interleaved thread counts in one JVM) the child pins itself before each run instead.
     */
    private static void runInChildJvm(Path data, String threads, boolean pin, boolean pinEachRun)
            throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        if (pin) {
            cmd.addAll(List.of("taskset", "-c", "0-" + (Integer.parseInt(threads) - 1)));
        }
        cmd.add(javaBin);
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx") || a.startsWith("-XX:")
                        || a.startsWith("-D") || a.startsWith("--sun-misc") || a.startsWith("--enable-native"))
                .toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BatchBenchmark.class.getName(), "--child",
                "dir=" + data, "threads=" + threads));
        if (pinEachRun) {
            cmd.add("pin=true");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            r.lines().forEach(System.out::println);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("benchmark child failed: " + cmd);
        }
    }

    /**
     * Runs the batch {@link #ROUNDS} times in this JVM. The first run is cold: it includes the JIT compiling the
     * whole pipeline (4-6 s of compiler-thread CPU, which with {@code threads=1} runs on the other core). The
     * compiler keeps working for several more runs (about 1 s, then under 0.5 s each, down to a few hundredths
     * from about the seventh); the median of the last {@link #MEASURED} runs is reported as warm.
     */
    private static void runChild(Path data, int threads) throws Exception {
        GatingStrategy strategy;
        try (InputStream in = StudyPanel.open(StudyPanel.MYELOMA_GATING)) {
            strategy = GatingMl.read(in, StudyPanel.MYELOMA_GATING);
        }
        double[] wall = new double[ROUNDS];
        double[] cpu = new double[ROUNDS];
        BatchSummary s = null;
        boolean perRun = Boolean.getBoolean("perRun");
        ThreadCpu cpuByGroup = perRun ? new ThreadCpu().start() : null;
        long plots = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Run r = runOnce(data, strategy, threads, round, cpuByGroup);
            wall[round] = r.wall();
            cpu[round] = r.cpu();
            s = r.summary();
            plots = r.plots();
        }
        double warm = median(java.util.Arrays.copyOfRange(wall, ROUNDS - MEASURED, ROUNDS));
        double warmCpu = median(java.util.Arrays.copyOfRange(cpu, ROUNDS - MEASURED, ROUNDS));
        System.out.printf(Locale.ROOT, "threads=%d: %d files, %,d events, %d plots; cold run %.1f s (%.1f s CPU) ="
                        + " %,.0f events/s; warm runs (median of %d) %.2f s (%.1f s CPU) = %,.0f events/s"
                        + " (%.2f files/s); peak RSS %s%n", threads, s.processed(), s.events(), plots, wall[0],
                cpu[0], s.events() / wall[0], MEASURED, warm, warmCpu, s.events() / warm,
                s.processed() / warm, peakRss());
    }

    /** One batch run's wall and process CPU seconds, result and number of plots. */
    private record Run(double wall, double cpu, BatchSummary summary, long plots) {
    }

    private static Run runOnce(Path data, GatingStrategy strategy, int threads, int round, ThreadCpu cpuByGroup)
            throws IOException {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Path out = data.resolve("out-" + threads);
        deleteTree(out);
        BatchOptions options = BatchOptions.of(out).withThreads(threads).withForce(true);
        long c0 = os.getProcessCpuTime();
        java.util.Map<String, Double> g0 = cpuByGroup != null ? cpuByGroup.snapshot() : java.util.Map.of();
        long t0 = System.nanoTime();
        BatchSummary s;
        try (BufferAllocator root = Memory.newRootAllocator()) {
            s = new BatchRunner(options, SampleProcessors.forGating(strategy, options),
                    new PrintWriter(new StringWriter())).run(List.of(data.resolve("fcs")), root);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        if (cpuByGroup != null) {
            StringBuilder b = new StringBuilder();
            for (var e : cpuByGroup.snapshot().entrySet()) {
                b.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(),
                        e.getValue() - g0.getOrDefault(e.getKey(), 0.0)));
            }
            System.out.printf(Locale.ROOT, "  round %d, threads=%d: %.2f s wall, %.2f s CPU:%s%n", round, threads,
                    wall, cpu, b);
        }
        if (!s.failures().isEmpty()) {
            throw new IllegalStateException("failures: " + s.failures());
        }
        long plots = countPngs(out);
        // Moved aside, not deleted: on ext4 without a journal (this machine's disk) a deleted inode is not reused
        // for 1-6 minutes, and every file created meanwhile scans past all of them (recently_deleted() in the
        // kernel's inode allocator), so deleting 800 files per run made later runs ever slower.
        Files.createDirectories(data.resolve(TRASH));
        Files.move(out, data.resolve(TRASH).resolve(out.getFileName() + "-" + round + "-" + System.nanoTime()));
        return new Run(wall, cpu, s, plots);
    }

    /**
     * Runs the thread counts alternately in this JVM, {@link #ROUNDS} times each (in reverse order every other
     * round), and prints each count's warm median and the scaling (first count's wall over the others') of each of
     * the last {@code -Dmeasured} (default 3) rounds, and their median.
     */
    private static void runInterleaved(Path data, int[] counts, boolean pin) throws Exception {
        GatingStrategy strategy;
        try (InputStream in = StudyPanel.open(StudyPanel.MYELOMA_GATING)) {
            strategy = GatingMl.read(in, StudyPanel.MYELOMA_GATING);
        }
        ThreadCpu cpuByGroup = Boolean.getBoolean("perRun") ? new ThreadCpu().start() : null;
        double[][] wall = new double[counts.length][ROUNDS];
        double[][] cpu = new double[counts.length][ROUNDS];
        boolean calibrate = counts.length == 2 && counts[0] == 1 && counts[1] == 2;
        HostScaling host = new HostScaling();
        double[][] hostScaling = new double[HostScaling.Kind.values().length][ROUNDS];
        long events = 0;
        for (int round = 0; round < ROUNDS; round++) {
            if (calibrate) {
                for (HostScaling.Kind kind : HostScaling.Kind.values()) {
                    hostScaling[kind.ordinal()][round] = host.scaling(kind);
                }
                if (cpuByGroup != null) {
                    System.out.printf(Locale.ROOT, "  round %d: host scaling cpu %.2f, memory %.2f%n", round,
                            hostScaling[0][round], hostScaling[1][round]);
                }
            }
            for (int k = 0; k < counts.length; k++) {
                int i = round % 2 == 0 ? k : counts.length - 1 - k;
                if (pin) {
                    pinProcess(Math.min(counts[i], CPUS));
                }
                Run r = runOnce(data, strategy, counts[i], round, cpuByGroup);
                if (pin) {
                    pinProcess(CPUS);
                }
                wall[i][round] = r.wall();
                cpu[i][round] = r.cpu();
                events = r.summary().events();
            }
        }
        for (int i = 0; i < counts.length; i++) {
            double warm = median(java.util.Arrays.copyOfRange(wall[i], ROUNDS - MEASURED, ROUNDS));
            System.out.printf(Locale.ROOT, "interleaved threads=%d: cold %.1f s; warm (median of %d) %.2f s (%.1f s"
                    + " CPU) = %,.0f events/s%n", counts[i], wall[i][0], MEASURED, warm,
                    median(java.util.Arrays.copyOfRange(cpu[i], ROUNDS - MEASURED, ROUNDS)), events / warm);
        }
        for (int i = 1; i < counts.length; i++) {
            double[] ratio = new double[MEASURED];
            StringBuilder each = new StringBuilder();
            for (int m = 0; m < MEASURED; m++) {
                int round = ROUNDS - MEASURED + m;
                ratio[m] = wall[0][round] / wall[i][round];
                each.append(String.format(Locale.ROOT, " %.2f", ratio[m]));
            }
            System.out.printf(Locale.ROOT, "interleaved scaling %d -> %d threads, per round:%s; median %.2fx%n",
                    counts[0], counts[i], each, median(ratio));
        }
        if (calibrate) {
            for (HostScaling.Kind kind : HostScaling.Kind.values()) {
                double[] h = java.util.Arrays.copyOfRange(hostScaling[kind.ordinal()], ROUNDS - MEASURED, ROUNDS);
                StringBuilder each = new StringBuilder();
                for (double v : h) {
                    each.append(String.format(Locale.ROOT, " %.2f", v));
                }
                System.out.printf(Locale.ROOT, "host scaling (%s kernel, just before each pair), same rounds:%s;"
                        + " median %.2fx%n", kind.name().toLowerCase(Locale.ROOT), each, median(h));
            }
        }
        System.out.println("peak RSS (the JVM's, all thread counts) " + peakRss());
    }

    /** The cores this JVM started with (before any {@link #pinProcess}). */
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    /**
     * Puts every thread of this process, the JIT compiler's and the collector's too, on cores 0 to
     * {@code cores - 1} (Linux {@code taskset -a}); threads started later inherit it from the thread starting them.
     */
    private static void pinProcess(int cores) throws IOException, InterruptedException {
        String out = "";
        for (int attempt = 0; attempt < 10; attempt++) { // fails when a thread ends while taskset goes through them
            Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", "0-" + (cores - 1),
                    Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
            out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("taskset failed: cannot pin the benchmark to " + cores + " core(s): " + out);
    }

    /** Batch runs per JVM (system property {@code rounds}, at least 4): the first is the cold run. */
    static final int ROUNDS = Integer.getInteger("rounds", 6);
    /** The last runs, whose median is reported as the warm throughput (the JIT has settled by then). */
    static final int MEASURED = Math.max(1, Math.min(ROUNDS - 3, Integer.getInteger("measured", 3)));

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /**
     * CPU per thread group (JIT, GC, batch workers, commit thread, other) of this process, read from
     * /proc/self/task (Linux; empty elsewhere) every 20 ms by a daemon thread, so that threads which end during a
     * run (the pool's) are counted up to their last sample.
     */
    static final class ThreadCpu {
        private final java.util.Map<String, long[]> byTask = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, String> groupOf = new java.util.concurrent.ConcurrentHashMap<>();

        ThreadCpu start() {
            Thread t = new Thread(() -> {
                while (true) {
                    sample();
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-cpu-sampler");
            t.setDaemon(true);
            t.start();
            return this;
        }

        private void sample() {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        String key = t.getFileName() + "/" + comm;
                        byTask.computeIfAbsent(key, k -> new long[1])[0] = ticks;
                        groupOf.computeIfAbsent(key, k -> group(comm));
                    } catch (IOException | RuntimeException e) {
                        // the thread ended while being read
                    }
                }
            } catch (IOException e) {
                // not Linux
            }
        }

        private static String group(String comm) {
            if (comm.contains("Compiler")) {
                return "jit";
            } else if (comm.startsWith("GC ") || comm.startsWith("G1 ")) {
                return "gc";
            } else if (comm.equals("cytoarrow-batch")) { // cytoarrow-batch-N, cut to 15 characters
                return "workers";
            } else if (comm.equals("cytoarrow-commi")) {
                return "commit";
            }
            return "other";
        }

        /**
         * Busy and stolen seconds of all CPUs since boot (/proc/stat: user, nice, system, irq and softirq; steal),
         * or zeros. The busy difference over a run, less the process's CPU, is the kernel's work for it (page
         * writeback, the file system's journal) and other processes; steal is time the hypervisor gave elsewhere.
         */
        private static double[] machineBusy() {
            try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/stat"))) {
                String[] f = r.readLine().trim().split("\\s+");
                long busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7}) {
                    busy += Long.parseLong(f[i]);
                }
                return new double[] {busy / 100.0, f.length > 8 ? Long.parseLong(f[8]) / 100.0 : 0};
            } catch (IOException | RuntimeException e) {
                return new double[2];
            }
        }

        /**
         * Seconds of CPU per group so far, and the machine's busy and stolen seconds as {@code ~machine} and
         * {@code ~steal}.
         */
        java.util.Map<String, Double> snapshot() {
            sample();
            java.util.Map<String, Double> m = new java.util.TreeMap<>();
            byTask.forEach((k, v) -> m.merge(groupOf.get(k), v[0] / 100.0, Double::sum));
            double[] machine = machineBusy();
            m.put("~machine", machine[0]);
            m.put("~steal", machine[1]);
            return m;
        }
    }

    /** VmHWM of /proc/self/status (Linux), or "n/a". */
    static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return "n/a";
    }

    private static long countPngs(Path out) throws IOException {
        if (!Files.isDirectory(out.resolve("plots"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(out.resolve("plots"))) {
            return s.filter(p -> p.toString().endsWith(".png")).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
