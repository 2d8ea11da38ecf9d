package io.github.s3drreplicator.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import javax.management.ObjectName;

/**
 * A command that runs for seconds ({@code audit}, {@code restore}, {@code breaker}) spends about as much CPU in the
 * JVM's optimising compiler (C2) as in its own work: measured with JFR, the compiler threads took more than half of a
 * short audit's CPU. So such a command leaves its code to the quick compiler (C1), as
 * {@code -XX:TieredStopAtLevel=1} would, through a compiler directive the JVM takes at run time (the
 * {@code Compiler.directives_add} diagnostic command): about half the CPU and a faster start, for code that runs
 * somewhat slower once warm, which an audit waiting on S3 does not notice. The service ({@code run}) and the benchmark
 * keep C2. A JVM without the diagnostic command (not HotSpot) is left as it is; JVM options a user gives still apply.
 */
final class ShortCommandJit {

    private static final Set<String> SHORT = Set.of("audit", "restore", "breaker");
    private static final String DIRECTIVES = "[{match: \"*.*\", c2: {Exclude: true}}]";

    private ShortCommandJit() {
    }

    /** For the command the arguments name: the quick compiler only, where it is a short one. */
    static void chooseFor(String[] args) {
        if (args.length == 0 || !SHORT.contains(args[0])) {
            return;
        }
        try {
            Path directives = Files.createTempFile("s3-dr-replicator-jit", ".json");
            try {
                Files.writeString(directives, DIRECTIVES);
                ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                        new Object[] {new String[] {directives.toString()}}, new String[] {String[].class.getName()});
            } finally {
                Files.deleteIfExists(directives);
            }
        } catch (Exception | LinkageError e) {
            // not HotSpot, or no temporary folder: the command runs as the JVM chose
        }
    }
}
