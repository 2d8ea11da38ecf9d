package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads used, read from Linux's {@code /proc/PID/task/TID/stat}: what a JVM spends
 * compiling besides running its code. The JVM's own compilation time (CompilationMXBean) is wall time, which on a busy
 * machine counts the compilers' waits for a core as well. {@link Duration#ZERO} where there is no {@code /proc}. A
 * compiler thread the JVM ends takes its time along: with more cores the JVM adds and removes compiler threads as it
 * goes (UseDynamicNumberOfCompilerThreads), so a figure taken there can come out low; on two cores it keeps its one
 * C1 and one C2 thread.
 */
final class CompilerCpu {

    /** Clock ticks per second of {@code /proc}'s times: 100 on Linux on every common architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private CompilerCpu() {
    }

    static Duration of(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return Duration.ZERO;
        }
        long ticks = 0;
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                ticks += compilerTicks(thread.resolve("stat"));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** utime + stime of a thread named "C1 CompilerThread…" or "C2 CompilerThread…", else 0. */
    static long compilerTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException gone) {
            return 0; // the thread ended since the listing
        }
        return compilerTicks(line);
    }

    static long compilerTicks(String statLine) {
        int open = statLine.indexOf('(');
        int close = statLine.lastIndexOf(')');
        String name = statLine.substring(open + 1, close);
        if (!name.matches("C[12] CompilerThre.*")) {
            return 0;
        }
        // after the name: state (field 3) ... utime is field 14, stime field 15
        String[] fields = statLine.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
