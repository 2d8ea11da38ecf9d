package io.github.s3drreplicator.bench;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark starts: the sandbox, or a replicator. It runs the same classes as this one (the product's class
 * path, plus the sandbox's jar and libraries where asked), its output goes to a log file, and the CPU time it used can
 * be read at any moment, which is what separates the replicator's cost from the sandbox's.
 */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * @param withSandbox whether the sandbox's classes join the product's (the sandbox itself); a replicator runs on
     *                    the product's class path alone, as it ships
     */
    static ChildJvm start(String name, boolean withSandbox, List<String> jvmOptions, Map<String, String> properties,
                          String mainClass, List<String> arguments, Path logDir) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(classPath(withSandbox));
        command.add(mainClass);
        command.addAll(arguments);
        Path log = Files.createDirectories(logDir).resolve(name + ".log");
        // standard input stays a pipe: it closes when this JVM ends, however it ends, which the sandbox watches
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildJvm child = new ChildJvm(name, process, log);
        Runtime.getRuntime().addShutdownHook(new Thread(child::kill, "bench-stop-" + name));
        return child;
    }

    /** This JVM's class path, plus the sandbox's jar and libraries when they were loaded apart (the built jar). */
    static String classPath(boolean withSandbox) {
        Set<String> entries = new LinkedHashSet<>(List.of(System.getProperty("java.class.path")
                .split(File.pathSeparator)));
        ClassLoader loader = ChildJvm.class.getClassLoader();
        if (withSandbox && loader instanceof URLClassLoader urls && loader != ClassLoader.getSystemClassLoader()) {
            for (URL url : urls.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Waits until its log has a line containing {@code text}. */
    void awaitLogLine(String text, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended before it was ready; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException(name + " was not ready after " + atMost + "; see " + log);
    }

    /** Waits for it to end by itself; returns its exit status. */
    int waitFor(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
            throw new IllegalStateException(name + " did not end within " + atMost + "; see " + log);
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The CPU time its JIT compiler threads used since it started ({@link CompilerCpu}). */
    Duration compilerCpu() {
        return CompilerCpu.of(process.pid());
    }

    /** The CPU time (user and system) the process used since it started. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("this system does not tell a process's CPU time"));
    }

    Path log() {
        return log;
    }

    /** SIGTERM, as a pod is stopped; SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    private void kill() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
