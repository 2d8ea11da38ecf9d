package io.github.s3drreplicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CPU time (user and system) of the child processes this JVM has waited for, every thread of theirs included, as
 * Linux keeps it in {@code /proc/self/stat} (cutime, cstime): taken before and after a command the benchmark starts
 * and waits for, the difference is that command's CPU to the clock tick (10 ms), start-up, JIT compilers and
 * shutdown included, however short it ran. No other child may end meanwhile. {@link Duration#ZERO} where there is no
 * {@code /proc}.
 */
final class ReapedCpu {

    private static final long TICKS_PER_SECOND = 100;

    private ReapedCpu() {
    }

    static Duration now() {
        try {
            return Duration.ofMillis(ticks(Files.readString(Path.of("/proc/self/stat"))) * 1000 / TICKS_PER_SECOND);
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    /** cutime + cstime: fields 16 and 17 of a stat line. */
    static long ticks(String statLine) {
        // after the command's name, which may hold spaces: state is field 3, cutime field 16, cstime field 17
        String[] fields = statLine.substring(statLine.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
    }
}
