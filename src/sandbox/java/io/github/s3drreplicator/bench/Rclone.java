package io.github.s3drreplicator.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * rclone (Debian package {@code rclone}), the peer the replicator is compared with: configured by environment for the
 * sandbox's S3 (a remote named {@code sb}), and run as a process. Where it is not installed, {@link #find} is empty
 * and the benchmark skips its rows, saying so.
 */
final class Rclone {

    /** A run: exit status, output, how long it took, and its CPU time (user and system). */
    record Run(int exit, String output, double seconds, double cpuSeconds) {
    }

    private final Path executable;
    private final String endpoint;
    private final Path logDir;

    private Rclone(Path executable, String endpoint, Path logDir) {
        this.executable = executable;
        this.endpoint = endpoint;
        this.logDir = logDir;
    }

    static Optional<Rclone> find(String s3Endpoint, Path logDir) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "rclone");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Rclone(candidate, s3Endpoint, logDir));
            }
        }
        return Optional.empty();
    }

    /** {@code rclone ARGS...}, with the remote {@code sb} on the sandbox; output kept in {@code logDir/name.log}. */
    Run run(String name, List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // rclone refuses a plain-http endpoint while a CA bundle is named (LoadCustomCABundleError)
        env.remove("AWS_CA_BUNDLE");
        env.put("RCLONE_CONFIG", "/dev/null");
        env.put("RCLONE_CONFIG_SB_TYPE", "s3");
        env.put("RCLONE_CONFIG_SB_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_SB_ENDPOINT", endpoint);
        env.put("RCLONE_CONFIG_SB_FORCE_PATH_STYLE", "true");
        env.put("RCLONE_CONFIG_SB_ACCESS_KEY_ID", "bench");
        env.put("RCLONE_CONFIG_SB_SECRET_ACCESS_KEY", "bench");
        env.put("RCLONE_CONFIG_SB_REGION", "us-east-1");
        Path log = Files.createDirectories(logDir).resolve(name + ".log");
        builder.redirectOutput(log.toFile());
        java.time.Duration cpu = ReapedCpu.now();
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("rclone " + arguments + " did not end in 10 minutes; see " + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = ReapedCpu.now().minus(cpu).toMillis() / 1000.0;
        return new Run(process.exitValue(), Files.readString(log), seconds, cpuSeconds);
    }

    String version() throws IOException, InterruptedException {
        String output = run("version", List.of("version")).output();
        return output.lines().findFirst().orElse("rclone");
    }
}
