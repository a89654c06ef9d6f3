package io.loomotp.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs Loom OTP and its anchors on the same workloads, in one run, and prints one table of figures and ratios.
 *
 * <p>Each system runs {@code --runs} times (3 by default), each time in a fresh JVM (or {@code erl}), one system after
 * the other within a run; the table shows the median of each workload. A ratio is taken within one run, Loom OTP's
 * figure over the anchor's from that same run, and the table shows the median of those ratios (as issue 4 defines
 * its targets): a noisy minute then moves both sides of a ratio, not one. Ratios are flipped for figures where less
 * is better (bytes per process, milliseconds), so that above 1 always means Loom OTP does better.
 *
 * <p>The remote workloads ({@code remote-*}, W9-W13; {@code remote} names them all) run Loom OTP's two node JVMs
 * ({@link RemotePair}) beside the anchors' {@code run-remote.sh}; with no workload named, local and remote all run.
 *
 * <p>Before and after each system's run it measures the machine's cross-core round trip ({@link CoreProbe}) and notes
 * the runs that met one of its slow stretches, in which a ratio measures the machine as much as the systems.
 *
 * <p>Usage: {@code bin/bench [--runs N] [--anchors DIR] [--skip-anchors] [workload ...]}, or
 * {@code bin/bench --from-log FILE} to table again what an earlier run printed on standard error.
 */
public final class Harness {
    private Harness() {}

    record Line(int run, String system, String workload, long value, String unit) {}

    /** A target of issue 4: the workload, the anchor, the ratio to reach. */
    record Target(String workload, String anchor, double ratio) {}

    static final List<Target> TARGETS = List.of(
            new Target("call-1", "erlang", 4), new Target("call-1", "pekko", 1.5),
            new Target("call-1", "vthreads", 1.2),
            new Target("call-100", "erlang", 4), new Target("call-100", "pekko", 1.5),
            new Target("cast-1", "erlang", 3),
            new Target("start-100k", "erlang", 2), new Target("start-100k-memory", "erlang", 1 / 0.4),
            new Target("ring-1000", "erlang", 1.2), new Target("ring-1000", "pekko", 1.2),
            new Target("restart", "erlang", 10),
            // issue 14: remote calls and casts between two nodes on loopback
            new Target("remote-call-1", "erlang", 2), new Target("remote-call-1", "pekko", 1.5),
            new Target("remote-call-100", "erlang", 2), new Target("remote-call-100", "pekko", 1.5),
            new Target("remote-cast-1", "erlang", 2), new Target("remote-call-p99", "erlang", 2),
            // issue 16: each Savina-style workload at least as fast as Pekko, their geometric mean 1.5 times
            new Target("savina-pingpong", "pekko", 1), new Target("savina-pingpong-call", "pekko", 1),
            new Target("savina-threadring", "pekko", 1), new Target("savina-threadring-tokens", "pekko", 1),
            new Target("savina-counting", "pekko", 1), new Target("savina-big", "pekko", 1),
            new Target("savina-chameneos", "pekko", 1), new Target("savina-fjthroughput", "pekko", 1),
            // the same workloads with every actor a @Server (savina-<name>-server), against the same Pekko figures
            new Target("savina-pingpong-server", "pekko", 1), new Target("savina-threadring-server", "pekko", 1),
            new Target("savina-threadring-tokens-server", "pekko", 1),
            new Target("savina-counting-server", "pekko", 1), new Target("savina-big-server", "pekko", 1),
            new Target("savina-chameneos-server", "pekko", 1), new Target("savina-fjthroughput-server", "pekko", 1));

    /** A Savina workload written with {@code @Server}s is the same program as Pekko's workload of the base name. */
    static final String SERVER_SUFFIX = "-server";

    /** The Pekko workload a Loom OTP workload is measured against: {@code savina-big-server} against {@code savina-big}. */
    static String pekkoName(String workload) {
        return workload.startsWith("savina-") && workload.endsWith(SERVER_SUFFIX)
                ? workload.substring(0, workload.length() - SERVER_SUFFIX.length()) : workload;
    }

    static final String USAGE = "usage: bin/bench [--runs N] [--anchors DIR] [--skip-anchors] [workload ...] | "
            + "bin/bench --from-log FILE | bin/bench --jmh [JMH options]; workloads as in docs/benchmarks.md "
            + "(remote and cluster name their groups)";

    /** The value after option {@code args[i]}, or a refusal naming the option. */
    private static String value(String[] args, int i) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            refuse(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    /** An operator's mistake: one line, the usage, status 2, and nothing run. */
    private static void refuse(String what) {
        System.err.println("bench: " + what + "; " + USAGE);
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        int runs = 3;
        Path anchors = null;
        boolean skipAnchors = false;
        List<String> workloads = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> {
                    String n = value(args, i++);
                    try {
                        runs = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        runs = 0;
                    }
                    if (runs < 1) {
                        refuse("--runs takes a number of runs, 1 or more, not '" + n + "'");
                    }
                }
                case "--anchors" -> anchors = Path.of(value(args, i++));
                case "--skip-anchors" -> skipAnchors = true;
                case "--from-log" -> {
                    System.out.println(table(fromLog(Path.of(value(args, i)))));
                    return;
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) { // an option this harness does not know: nothing runs
                        refuse("unknown option '" + args[i] + "'");
                    }
                    workloads.add(args[i]);
                }
            }
        }
        Path root = Path.of(System.getProperty("loomotp.root", ".")).toAbsolutePath().normalize();
        if (anchors == null) {
            anchors = root.resolveSibling("shared").resolve("anchors");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");

        // "remote" names the remote workloads (W9-W13) together; with no workload named, local and remote all run
        // "cluster" names the cluster services' workloads (global, pg) together
        List<String> remote = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> services = new ArrayList<>();
        for (String w : workloads) {
            if (w.equals("remote")) {
                remote.addAll(RemoteBench.WORKLOADS);
            } else if (w.equals("cluster")) {
                services.addAll(ServicesBench.WORKLOADS);
            } else {
                (w.startsWith("remote-") ? remote : w.startsWith("cluster-") ? services : local).add(w);
            }
        }
        if (workloads.isEmpty()) {
            services.addAll(ServicesBench.WORKLOADS);
        }
        boolean runLocal = workloads.isEmpty() || !local.isEmpty();
        boolean runRemote = workloads.isEmpty() || !remote.isEmpty();
        if (remote.containsAll(RemoteBench.WORKLOADS)) {
            remote.clear();
        }
        Map<String, List<Line>> all = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            System.err.printf("run %d of %d%n", r, runs);
            if (runRemote) {
                runRemote(r, all, java, classpath, remote, anchors, skipAnchors, root, notes);
            }
            if (!services.isEmpty()) {
                runServices(r, all, java, classpath, services, skipAnchors, root, notes);
            }
            if (!runLocal) {
                continue;
            }
            List<String> loom = new ArrayList<>(List.of(java, "-Xmx8g", "-cp", classpath,
                    LoomBench.class.getName()));
            loom.addAll(local);
            collect(all, run(r, "loomotp", loom, root, notes));
            if (!skipAnchors) {
                collect(all, run(r, "erlang", List.of("bash", anchors.resolve("erlang/run.sh").toString()), root,
                        notes));
                collect(all, run(r, "pekko", List.of("bash", anchors.resolve("jvm/run.sh").toString(), "pekko"),
                        root, notes));
                List<String> savina = new ArrayList<>(List.of("bash",
                        root.resolve("benchmarks/pekko-savina/run.sh").toString()));
                savina.addAll(workloads.stream().filter(w -> w.startsWith("savina")).map(Harness::pekkoName)
                        .filter(w -> !w.equals("savina")).distinct().toList());
                if (workloads.isEmpty() || savina.size() > 2 || workloads.contains("savina")) {
                    collect(all, run(r, "pekko", savina, root, notes));
                }
                collect(all, run(r, "vthreads", List.of("bash", anchors.resolve("jvm/run.sh").toString(),
                        "vthreads"), root, notes));
            }
        }
        System.out.println(table(all));
        notes.stream().distinct().forEach(n -> System.out.println("note: " + n));
    }

    /**
     * One run of the remote workloads: Loom OTP's two nodes ({@link RemotePair}), then distributed Erlang, then Pekko
     * Artery, each a server process and a client process on loopback, started and stopped by its own launcher.
     */
    private static void runRemote(int r, Map<String, List<Line>> all, String java, String classpath,
            List<String> remote, Path anchors, boolean skipAnchors, Path root, List<String> notes) throws Exception {
        List<String> loom = new ArrayList<>(List.of(java, "-cp", classpath, RemotePair.class.getName()));
        loom.addAll(remote);
        collect(all, run(r, "loomotp", loom, root, notes));
        if (!skipAnchors) {
            collect(all, run(r, "erlang", List.of("bash", anchors.resolve("erlang/run-remote.sh").toString()), root,
                    notes));
            collect(all, run(r, "pekko", List.of("bash", anchors.resolve("jvm/run-remote.sh").toString(), "pekko"),
                    root, notes));
        }
    }

    /**
     * One run of the cluster services' workloads: Loom OTP's two nodes ({@link RemotePair}, {@link ServicesBench}),
     * then two distributed Erlang nodes doing the same with {@code global} and {@code pg}
     * ({@code benchmarks/erlang/run-services.sh}: the shared anchors have no such workloads). Pekko has neither.
     */
    private static void runServices(int r, Map<String, List<Line>> all, String java, String classpath,
            List<String> services, boolean skipAnchors, Path root, List<String> notes) throws Exception {
        List<String> loom = new ArrayList<>(List.of(java, "-cp", classpath, RemotePair.class.getName()));
        loom.addAll(services);
        collect(all, run(r, "loomotp", loom, root, notes));
        if (!skipAnchors) {
            collect(all, run(r, "erlang", List.of("bash", root.resolve("benchmarks/erlang/run-services.sh")
                    .toString()), root, notes));
        }
    }

    /**
     * Reads back what a run printed on standard error ({@code run N of M}, then {@code <system> <workload> <value>
     * <unit>} lines), so that a saved log can be tabled again.
     */
    static Map<String, List<Line>> fromLog(Path log) throws IOException {
        Map<String, List<Line>> all = new LinkedHashMap<>();
        int run = 0;
        for (String s : java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8)) {
            String[] f = s.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("run") && f[2].equals("of")) {
                run = Integer.parseInt(f[1]);
            } else if (f.length == 4 && List.of("loomotp", "erlang", "pekko", "vthreads").contains(f[0])
                    && f[2].matches("-?\\d+")) {
                collect(all, List.of(new Line(run, f[0], f[1], Long.parseLong(f[2]), f[3])));
            }
        }
        return all;
    }

    private static void collect(Map<String, List<Line>> all, List<Line> lines) {
        for (Line l : lines) {
            all.computeIfAbsent(l.system() + " " + l.workload(), k -> new ArrayList<>()).add(l);
        }
    }

    /** Runs one system; its output lines of the form {@code <system> <workload> <value> <unit>}. */
    static List<Line> run(int runNumber, String system, List<String> command, Path dir, List<String> notes)
            throws IOException, InterruptedException {
        System.err.println("  " + system + ": " + String.join(" ", command.subList(0, Math.min(3, command.size())))
                + " ...");
        long probedBefore = CoreProbe.roundTripNanos();
        java.lang.Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        List<Line> lines = new ArrayList<>();
        StringBuilder errors = new StringBuilder();
        Thread errReader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(l -> errors.append(l).append('\n'));
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String s; (s = r.readLine()) != null; ) {
                String[] f = s.trim().split("\\s+");
                if (f.length == 4 && f[0].equals(system)) {
                    lines.add(new Line(runNumber, f[0], f[1], Long.parseLong(f[2]), f[3]));
                    System.err.println("    " + s);
                }
            }
        }
        int exit = p.waitFor();
        errReader.join();
        long probedAfter = CoreProbe.roundTripNanos();
        System.err.printf("    cross-core round trip: %d ns before, %d ns after%n", probedBefore, probedAfter);
        if (Math.max(probedBefore, probedAfter) >= CoreProbe.SLOW_NANOS) {
            notes.add(String.format(Locale.ROOT, "run %d, %s: the cross-core round trip was %d ns before and %d ns"
                    + " after (%d or more is a slow stretch of the machine, see CoreProbe): that run's ratios measure"
                    + " the machine too", runNumber, system, probedBefore, probedAfter, CoreProbe.SLOW_NANOS));
        }
        if (exit != 0) {
            String why = errors.toString().strip();
            notes.add(system + " could not run (exit " + exit + "): "
                    + (why.isEmpty() ? "no message" : why.lines().reduce((a, b) -> b).orElse(why)));
        }
        return lines;
    }

    private static Long median(List<Line> lines) {
        if (lines == null) {
            return null;
        }
        List<Long> v = lines.stream().map(Line::value).sorted().toList();
        return v.get(v.size() / 2);
    }

    private static boolean lessIsBetter(String unit) {
        return unit.equals("bytes/process") || unit.equals("ms") || unit.equals("us") || unit.equals("permille");
    }

    /** The table, in Markdown, with medians, and medians of the ratios taken within each run. */
    static String table(Map<String, List<Line>> all) {
        int runs = all.values().stream().flatMap(List::stream).mapToInt(Line::run).max().orElse(0);
        Map<String, Map<String, List<Line>>> byWorkload = new TreeMap<>();
        for (List<Line> lines : all.values()) {
            Line first = lines.get(0);
            byWorkload.computeIfAbsent(first.workload(), k -> new LinkedHashMap<>()).put(first.system(), lines);
        }
        for (Map.Entry<String, Map<String, List<Line>>> w : byWorkload.entrySet()) {
            String base = pekkoName(w.getKey());
            if (!base.equals(w.getKey()) && byWorkload.containsKey(base) && byWorkload.get(base).containsKey("pekko")) {
                w.getValue().putIfAbsent("pekko", byWorkload.get(base).get("pekko"));
            }
        }
        List<String> anchors = List.of("erlang", "pekko", "vthreads");
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Medians of %d runs. Ratio: Loom OTP over the anchor in the same run, the"
                + " median over the runs (above 1: Loom OTP does better).%n%n", runs));
        b.append("| workload | unit | loomotp | erlang | ratio | pekko | ratio | vthreads | ratio |\n");
        b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Map<String, List<Line>>> w : byWorkload.entrySet()) {
            Map<String, List<Line>> m = w.getValue();
            List<Line> loom = m.get("loomotp");
            b.append("| ").append(w.getKey()).append(" | ").append(unit(m)).append(" | ").append(fmt(median(loom)));
            for (String a : anchors) {
                b.append(" | ").append(fmt(median(m.get(a)))).append(" | ").append(fmt(ratio(loom, m.get(a))));
            }
            b.append(" |\n");
        }
        b.append("\nTargets (issues 4, 14 and 16):\n\n| workload | against | target | ratio | met |\n|---|---|---:|---:|---|\n");
        for (Target t : TARGETS) {
            Map<String, List<Line>> m = byWorkload.getOrDefault(t.workload(), Map.of());
            Double r = ratio(m.get("loomotp"), m.get(t.anchor()));
            String met = r == null ? "not measured" : r >= t.ratio() ? "yes" : "no";
            b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s |%n", t.workload(), t.anchor(),
                    t.ratio(), fmt(r), met));
        }
        for (boolean servers : new boolean[] {false, true}) {
            Double geomean = savinaGeomean(byWorkload, servers);
            if (geomean != null) {
                b.append(String.format(Locale.ROOT, "| savina geometric mean, %s | pekko | 1.50 | %.2f | %s |%n",
                        servers ? "every actor a @Server" : "as written (plain processes)", geomean,
                        geomean >= 1.5 ? "yes" : "no"));
            }
        }
        return b.toString();
    }

    /**
     * The geometric mean of the Savina-style workloads' ratios to Pekko, or null if none was measured: those written
     * with {@code @Server}s ({@code -server}), or the others.
     */
    static Double savinaGeomean(Map<String, Map<String, List<Line>>> byWorkload, boolean servers) {
        double logSum = 0;
        int n = 0;
        for (Map.Entry<String, Map<String, List<Line>>> w : byWorkload.entrySet()) {
            if (w.getKey().startsWith("savina-") && w.getKey().endsWith(SERVER_SUFFIX) == servers) {
                Double r = ratio(w.getValue().get("loomotp"), w.getValue().get("pekko"));
                if (r != null) {
                    logSum += Math.log(r);
                    n++;
                }
            }
        }
        return n == 0 ? null : Math.exp(logSum / n);
    }

    private static String unit(Map<String, List<Line>> bySystem) {
        return bySystem.values().iterator().next().get(0).unit();
    }

    /**
     * The median, over the runs both systems have a figure for, of Loom OTP's figure over the anchor's in that run;
     * flipped where less is better. Null if no run has both.
     */
    static Double ratio(List<Line> loom, List<Line> anchor) {
        if (loom == null || anchor == null) {
            return null;
        }
        List<Double> ratios = new ArrayList<>();
        for (Line l : loom) {
            for (Line a : anchor) {
                if (a.run() == l.run() && a.value() != 0 && l.value() != 0) {
                    ratios.add(lessIsBetter(l.unit()) ? (double) a.value() / l.value() : (double) l.value() / a.value());
                }
            }
        }
        if (ratios.isEmpty()) {
            return null;
        }
        ratios.sort(null);
        return ratios.get(ratios.size() / 2);
    }

    private static String fmt(Long v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%,d", v);
    }

    private static String fmt(Double ratio) {
        return ratio == null ? "—" : String.format(Locale.ROOT, "%.2f", ratio);
    }
}
