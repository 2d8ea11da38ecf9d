package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.cli.Cli;

/**
 * Runs the jar's commands ({@code audit}, {@code restore}, {@code breaker}) against a test environment: in-process as
 * the jar's command line does ({@link #json}, {@link #run}), or as the built jar itself in a process of its own
 * ({@link #runJar}), to see exactly what it prints where.
 */
final class Commands {

    private Commands() {
    }

    /**
     * Runs the command ({@code audit} or {@code restore}) as the jar's command line does, with {@code --json} and the environment's properties plus {@code extra}, checks its exit
     * status, and returns what it printed.
     */
    static JsonNode json(String command, AwsTestEnvironment environment, Map<String, String> extra,
                         int expectedExit, String... args) throws Exception {
        ProductCredentials.apply();
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.putAll(extra);
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(List.of(args));
        if (!arguments.contains("--json")) {
            arguments.add("--json");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(arguments.toArray(String[]::new), properties,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String output = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("exit status of %s: %s %s", arguments, output, err.toString(StandardCharsets.UTF_8))
                .isEqualTo(expectedExit);
        return new ObjectMapper().readTree(output);
    }

    /** What a command printed, and its exit status. */
    record Result(int exit, String out, String err) {
    }

    /** Runs any command line ({@code breaker status}) with the environment's properties plus {@code extra}. */
    static Result run(AwsTestEnvironment environment, Map<String, String> extra, String... arguments) {
        ProductCredentials.apply();
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.putAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(arguments, properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final Path JAR = Path.of("target", "s3-dr-replicator.jar");

    /**
     * {@code java -jar target/s3-dr-replicator.jar ARGUMENTS} with the environment's properties plus {@code extra}
     * (as {@code -D}), in a process of its own; what it wrote on standard output and standard error is kept apart.
     *
     * @param name names the files its output is kept in, under {@code target/command-processes}
     */
    static Result runJar(String name, AwsTestEnvironment environment, Map<String, String> extra, String... arguments)
            throws IOException, InterruptedException {
        Process process = startJar(name, environment, extra, arguments);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(String.join(" ", arguments) + " did not end within 3 minutes; see "
                    + output(name, "out") + " and " + output(name, "err"));
        }
        return new Result(process.exitValue(), Files.readString(output(name, "out")),
                Files.readString(output(name, "err")));
    }

    /**
     * Starts {@code java -jar target/s3-dr-replicator.jar ARGUMENTS} as {@link #runJar} does, and returns at once: to
     * be killed midway ({@link Process#destroyForcibly}: SIGKILL), as a command that dies does.
     */
    static Process startJar(String name, AwsTestEnvironment environment, Map<String, String> extra,
                            String... arguments) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the integration tests run after 'package'");
        }
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.put("aws.accessKeyId", "test");
        properties.put("aws.secretAccessKey", "test");
        properties.putAll(extra);
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(arguments));
        Files.createDirectories(output(name, "out").getParent());
        return new ProcessBuilder(command).redirectOutput(output(name, "out").toFile())
                .redirectError(output(name, "err").toFile()).start();
    }

    private static Path output(String name, String stream) {
        return Path.of("target", "command-processes", name + "." + stream);
    }
}
