package io.cjm.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by the processes on this machine (Linux {@code /proc}), for benchmarks that want to say how
 * loaded the machine was: each process of the suite (with its child processes, such as Keycloak's JVM under
 * its start script), PostgreSQL (every {@code postgres} process, and the backends that have exited since,
 * counted into the postmaster's children's time), the test JVM, and the whole machine from {@code /proc/stat}.
 */
final class CpuMeter {

    /** Clock ticks a second of {@code /proc} times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** CPU seconds used so far per name, the machine's busy and total seconds included. */
    record Snapshot(long nanos, Map<String, Double> seconds) {
    }

    /**
     * Parts of the services' time above (Keycloak's left out), not processes of their own: the
     * JVMs' JIT compiler threads and their garbage collector's threads.
     */
    static final String JIT = "  of which JIT compiling";
    static final String GC = "  of which GC";

    private final Suite suite;

    CpuMeter(Suite suite) {
        this.suite = suite;
    }

    Snapshot snapshot() {
        Map<String, Double> out = new LinkedHashMap<>();
        long[] jvm = new long[2];
        suite.processes().forEach((name, handle) -> {
            List<ProcessHandle> all = new ArrayList<>();
            all.add(handle);
            handle.descendants().forEach(all::add);
            out.put(name, all.stream().mapToDouble(h -> ticks(h.pid(), false)).sum() / TICKS);
            if (!name.equals("keycloak")) {
                long[] t = jvmThreads(handle.pid());
                jvm[0] += t[0];
                jvm[1] += t[1];
            }
        });
        out.put(JIT, jvm[0] / TICKS);
        out.put(GC, jvm[1] / TICKS);
        out.put("postgresql", postgres() / TICKS);
        out.put("test JVM (client)", ticks(ProcessHandle.current().pid(), false) / TICKS);
        long[] machine = machine();
        out.put("machine busy", machine[0] / TICKS);
        out.put("machine available", machine[1] / TICKS);
        return new Snapshot(System.nanoTime(), out);
    }

    /** Lines "name: seconds (cores)" of what was used between two snapshots. */
    static List<String> between(Snapshot from, Snapshot to) {
        double wall = (to.nanos() - from.nanos()) / 1e9;
        List<String> lines = new ArrayList<>();
        double listed = 0;
        for (var e : to.seconds().entrySet()) {
            if (e.getKey().startsWith("machine")) {
                continue;
            }
            double used = Math.max(0, e.getValue() - from.seconds().getOrDefault(e.getKey(), 0.0));
            if (!isPart(e.getKey())) {
                listed += used;
            }
            lines.add(String.format(java.util.Locale.ROOT, "  cpu %-22s %7.1f s  (%.2f cores)", e.getKey(), used,
                    used / wall));
        }
        double busy = to.seconds().get("machine busy") - from.seconds().get("machine busy");
        double available = to.seconds().get("machine available") - from.seconds().get("machine available");
        lines.add(String.format(java.util.Locale.ROOT, "  cpu %-22s %7.1f s  (%.2f cores)", "everything else",
                Math.max(0, busy - listed), Math.max(0, busy - listed) / wall));
        lines.add(String.format(java.util.Locale.ROOT,
                "  machine: %.1f s busy of %.1f s of CPU in %.1f s wall (%.0f%% of %d cores)", busy, available, wall,
                100 * busy / available, Runtime.getRuntime().availableProcessors()));
        return lines;
    }

    /**
     * Lines "name: milliseconds of CPU per item" between two snapshots, the machine's busy time
     * last: how much work each process did per item, whatever the wall time (a figure that a slow
     * or shared moment of the machine changes less than a rate does).
     */
    static List<String> perItem(Snapshot from, Snapshot to, long items) {
        List<String> lines = new ArrayList<>();
        for (var e : to.seconds().entrySet()) {
            if (e.getKey().startsWith("machine")) {
                continue;
            }
            double used = Math.max(0, e.getValue() - from.seconds().getOrDefault(e.getKey(), 0.0));
            lines.add(String.format(java.util.Locale.ROOT, "  cpu %-22s %7.3f ms", e.getKey(), 1000 * used / items));
        }
        double busy = to.seconds().get("machine busy") - from.seconds().get("machine busy");
        lines.add(String.format(java.util.Locale.ROOT, "  cpu %-22s %7.3f ms", "machine (busy)", 1000 * busy / items));
        return lines;
    }

    private static boolean isPart(String name) {
        return name.equals(JIT) || name.equals(GC);
    }

    /**
     * A JVM's CPU ticks in its JIT compiler threads and in its garbage collector's threads (from
     * the threads' names; a thread that has exited is no longer counted).
     */
    private static long[] jvmThreads(long pid) {
        long[] out = new long[2];
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    int kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? 0
                            : comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread") ? 1 : -1;
                    if (kind >= 0) {
                        out[kind] += statTicks(Files.readString(task.resolve("stat")), false);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread has exited meanwhile
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return out;
    }

    /** utime + stime of a process (and, with {@code children}, of its exited and reaped children). */
    private static long ticks(long pid, boolean children) {
        try {
            return statTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), children);
        } catch (IOException | RuntimeException e) {
            return 0; // gone meanwhile
        }
    }

    /** utime + stime (and with {@code children} cutime + cstime) of a process's or thread's {@code stat} line. */
    private static long statTicks(String stat, boolean children) {
        // The fields after the command name, which is in parentheses and may hold spaces.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return children ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /** Every postgres process's time, with the exited backends' time in the postmaster's children's. */
    private static long postgres() {
        long sum = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList()) {
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (!comm.equals("postgres")) {
                        continue;
                    }
                    long pid = Long.parseLong(p.getFileName().toString());
                    boolean postmaster = ProcessHandle.of(pid).flatMap(ProcessHandle::parent)
                            .map(parent -> !readComm(parent.pid()).equals("postgres")).orElse(true);
                    sum += ticks(pid, postmaster);
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    private static String readComm(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** The machine's busy and total CPU ticks since boot ({@code /proc/stat}, line cpu). */
    private static long[] machine() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i <= 8 && i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
