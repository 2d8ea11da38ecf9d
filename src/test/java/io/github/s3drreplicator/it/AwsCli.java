package io.github.s3drreplicator.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The AWS CLI ({@code aws}) against one endpoint, with any credentials and no profile, config file or pager of the
 * machine's: the commands config/README.md gives, run as a user runs them. Tests that need it skip where {@code aws}
 * is not on the PATH ({@link #available()}).
 */
final class AwsCli {

    private static final String COMMAND = "aws";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpoint;
    private final Path workDir;

    AwsCli(String endpoint, Path workDir) {
        this.endpoint = endpoint;
        this.workDir = workDir;
    }

    /** Whether {@code aws} is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, COMMAND))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code aws --endpoint-url ENDPOINT --region REGION --output json ARGS}; returns what it printed. */
    String run(String region, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(COMMAND, "--endpoint-url", endpoint, "--region", region,
                "--output", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_") && !name.equals("AWS_CA_BUNDLE"));
        environment.put("AWS_ACCESS_KEY_ID", "test");
        environment.put("AWS_SECRET_ACCESS_KEY", "test");
        environment.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
        environment.put("AWS_PAGER", "");
        Path out = Files.createTempFile(workDir, "aws-", ".out");
        Path err = Files.createTempFile(workDir, "aws-", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 120 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(out);
        Files.delete(err);
        if (process.exitValue() != 0) {
            throw new AwsCliException(String.join(" ", args), process.exitValue(), stderr);
        }
        return stdout;
    }

    /** The same, with what it printed read as JSON (a missing node when it printed nothing). */
    JsonNode json(String region, String... args) throws IOException, InterruptedException {
        String output = run(region, args);
        return output.isBlank() ? JSON.missingNode() : JSON.readTree(output);
    }

    /** A file in the working directory, for {@code file://} arguments. */
    String file(String name, String content) throws IOException {
        Path file = workDir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return "file://" + file.toAbsolutePath();
    }

    /** A command that exited with an error; the message holds what it wrote to standard error. */
    static final class AwsCliException extends RuntimeException {

        AwsCliException(String command, int exit, String stderr) {
            super("aws " + command + " exited with " + exit + ": " + stderr.strip());
        }
    }
}
