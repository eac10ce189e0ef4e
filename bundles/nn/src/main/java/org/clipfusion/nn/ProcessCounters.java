package org.clipfusion.nn;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process as a whole did around a profiled graph run, to tell a slow kernel from a starved or faulting
 * process: CPU time of all threads, page faults, garbage collections (ND4J's GC window calls {@code System.gc()}) and
 * resident memory. Linux's {@code /proc/self}; where it is missing those counters read −1.
 */
record ProcessCounters(long cpuMillis, long minorFaults, long majorFaults, long gcCount, long gcMillis,
        long residentKib) {
    /** {@code /proc/self/stat} counts CPU time in clock ticks; 100 per second on Linux (USER_HZ). */
    private static final long MILLIS_PER_TICK = 10;
    /** Fields of {@code /proc/self/stat} counted from the one after the command name: minflt is the 10th field. */
    private static final int MINOR_FAULTS = 7;
    private static final int MAJOR_FAULTS = 9;
    private static final int USER_TICKS = 11;
    private static final int SYSTEM_TICKS = 12;

    static ProcessCounters now() {
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, collector.getCollectionCount());
            gcMillis += Math.max(0, collector.getCollectionTime());
        }
        String[] stat = procStat();
        if (stat == null) {
            return new ProcessCounters(-1, -1, -1, gcCount, gcMillis, readResidentKib());
        }
        return new ProcessCounters(
                (Long.parseLong(stat[USER_TICKS]) + Long.parseLong(stat[SYSTEM_TICKS])) * MILLIS_PER_TICK,
                Long.parseLong(stat[MINOR_FAULTS]), Long.parseLong(stat[MAJOR_FAULTS]), gcCount, gcMillis,
                readResidentKib());
    }

    /** The fields after the command name, which is in parentheses and may itself hold spaces. */
    private static String[] procStat() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long readResidentKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
