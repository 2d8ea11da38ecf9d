package io.github.s3drreplicator.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

/**
 * A command that runs for seconds or minutes ({@code audit}, {@code restore}, {@code breaker}) spends much of its CPU
 * in the JVM's compilers rather than in its own work. Measured on a backfill of 5,000 objects ({@code audit --repair}
 * on two cores): 27 s of CPU with the JVM's default compilers, 18 s with the optimising compiler (C2) left out by a
 * compiler directive, 12.5 s with {@code -XX:TieredStopAtLevel=1} (the quick compiler without profiling; the
 * directive still compiles each method twice, first with profiling for a C2 that never comes). That option is not a
 * run-time setting, so such a command, started without it, runs in a second JVM started with it ({@link #choose}):
 * the same {@code java}, JVM options, class path, arguments, standard streams and environment; this JVM waits and
 * exits with its status. It stops that JVM when it is stopped itself (SIGTERM), and that JVM ends at once when this
 * one dies without a word (SIGKILL: the pipe that is its standard input closes), as a command in one process would. Where that cannot be done cleanly (a Java
 * agent, {@code JAVA_TOOL_OPTIONS}, no path to {@code java}), the command runs here with the compiler directive. A
 * user's own choice of compiler ({@code -XX:TieredStopAtLevel}, {@code -XX:-TieredCompilation}, {@code -Xint}) is
 * left as it is. The service ({@code run}) and the benchmark keep C2.
 */
final class ShortCommandJit {

    /** What a process started for a command does about its compiler. */
    enum Choice {
        /** not a short command, or the user chose the compiler: the JVM as started */
        AS_STARTED,
        /** a second JVM with the quick compiler only runs the command */
        QUICK_COMPILER_JVM,
        /** the command runs here, C2 left out by a compiler directive */
        DIRECTIVE
    }

    /** The system property that tells a JVM started for a command which process started it (and waits for it). */
    static final String STARTED_BY = "s3drreplicator.started-by";

    private static final Set<String> SHORT = Set.of("audit", "restore", "breaker");
    private static final List<String> USERS_COMPILER = List.of("-XX:TieredStopAtLevel", "-XX:-TieredCompilation",
            "-Xint", "-XX:CompilerDirectivesFile", "-Djava.compiler");
    private static final List<String> AGENTS = List.of("-javaagent", "-agentlib", "-agentpath");
    private static final String DIRECTIVES = "[{match: \"*.*\", c2: {Exclude: true}}]";

    private ShortCommandJit() {
    }

    /**
     * @param args    the command line's arguments
     * @param jvmArgs the JVM's options as it was started
     * @param env     the environment
     */
    static Choice choose(String[] args, List<String> jvmArgs, Map<String, String> env) {
        if (args.length == 0 || !SHORT.contains(args[0])
                || jvmArgs.stream().anyMatch(arg -> USERS_COMPILER.stream().anyMatch(arg::startsWith))) {
            return Choice.AS_STARTED;
        }
        // an agent would be loaded twice, and JAVA_TOOL_OPTIONS applied twice, over two JVMs
        if (env.containsKey("JAVA_TOOL_OPTIONS")
                || jvmArgs.stream().anyMatch(arg -> AGENTS.stream().anyMatch(arg::startsWith))) {
            return Choice.DIRECTIVE;
        }
        return Choice.QUICK_COMPILER_JVM;
    }

    /**
     * For the command the arguments name: runs it in a JVM with the quick compiler only and returns its exit status,
     * or sets this JVM's compiler and returns nothing (the command then runs here).
     */
    static OptionalInt chooseFor(String[] args) {
        if (System.getProperty(STARTED_BY) != null) {
            endWithTheJvmThatStartedThis();
            return OptionalInt.empty();
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Choice choice = choose(args, jvmArgs, System.getenv());
        Optional<String> java = ProcessHandle.current().info().command();
        if (choice == Choice.QUICK_COMPILER_JVM && java.isPresent()) {
            try {
                return OptionalInt.of(runInQuickCompilerJvm(java.get(), jvmArgs, args));
            } catch (IOException e) {
                // no second process here: the command runs in this one
                choice = Choice.DIRECTIVE;
            }
        }
        if (choice != Choice.AS_STARTED) {
            leaveOutC2();
        }
        return OptionalInt.empty();
    }

    /** The command line of the JVM that runs the command for this one. */
    static List<String> quickCompilerCommand(String java, List<String> jvmArgs, String classPath, long startedBy,
                                             String mainClass, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmArgs);
        command.add("-D" + STARTED_BY + "=" + startedBy);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private static int runInQuickCompilerJvm(String java, List<String> jvmArgs, String[] args) throws IOException {
        if (jvmArgs.stream().anyMatch(arg -> arg.startsWith("-XX:StartFlightRecording"))) {
            // the recording is the other JVM's: this one would write the same file over it when it ends
            jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().forEach(jdk.jfr.Recording::close);
        }
        // standard input stays a pipe from this JVM, which closes however this JVM ends: the other one watches it
        ProcessBuilder builder = new ProcessBuilder(quickCompilerCommand(java, jvmArgs,
                System.getProperty("java.class.path"), ProcessHandle.current().pid(),
                io.github.s3drreplicator.Application.class.getName(), args))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the launcher already put JDK_JAVA_OPTIONS among this JVM's options, which the other JVM is given
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process command = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(command), "command-stop"));
        while (true) {
            try {
                return command.waitFor();
            } catch (InterruptedException e) {
                // only a stop interrupts the wait, and the shutdown hook stops the command
            }
        }
    }

    /** SIGTERM, as this process got; it has its own shutdown to run. */
    private static void stop(Process command) {
        command.destroy();
        try {
            command.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When the JVM that started this one is gone without stopping it (SIGKILL), this one ends too, at once: its
     * standard input, a pipe from that JVM, closes. The commands read nothing from it.
     */
    private static void endWithTheJvmThatStartedThis() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent: the pipe only tells that the JVM that started this one is alive
                }
            } catch (IOException e) {
                // closed all the same
            }
            Runtime.getRuntime().halt(137);
        }, "started-by-watch");
        watch.setDaemon(true);
        watch.start();
    }

    private static void leaveOutC2() {
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
