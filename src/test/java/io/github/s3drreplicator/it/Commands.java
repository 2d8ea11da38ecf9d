package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.cli.Cli;

/** Runs the jar's commands ({@code audit}, {@code restore}, {@code breaker}) as the jar would, against a test environment. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs the command ({@code audit} or {@code restore}) as the jar's command line does, with {@code --json} and the environment's properties plus {@code extra}, checks its exit
     * status, and returns what it printed.
     */
    static JsonNode json(String command, AwsTestEnvironment environment, Map<String, String> extra,
                         int expectedExit, String... args) throws Exception {
        // any credentials do for the sandbox and LocalStack; the default chain reads these first
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
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
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        Map<String, String> properties = new HashMap<>(environment.replicatorProperties());
        properties.putAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Cli.execute(arguments, properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
