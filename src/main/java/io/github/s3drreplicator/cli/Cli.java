package io.github.s3drreplicator.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.config.InvalidSettingException;
import picocli.CommandLine;

/**
 * The command line: {@code run} (the default), {@code audit}, {@code restore}, {@code bench}, each with
 * {@code --help}, and {@code --version}. A wrong option is named and answered with the usage and exit status 2, as
 * is a setting the service does not take; other failures exit 1.
 */
public final class Cli {

    /** Exit status of a wrong option or setting. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private Cli() {
    }

    /**
     * @param overrides properties that win over every other source (the tests' endpoints); none in production
     */
    public static int execute(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ReplicatorCommand(overrides));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            InvalidSettingException invalid = invalidSetting(failure);
            if (invalid != null) {
                line.getErr().println("s3-dr-replicator: " + invalid.getMessage());
                return USAGE;
            }
            line.getErr().println("s3-dr-replicator " + line.getCommandName() + " failed: " + failure);
            return CommandLine.ExitCode.SOFTWARE;
        });
        return commandLine.execute(withLegacyFlags(args));
    }

    /** {@code --bench [...]}, the benchmark's flag before it was a command, still works. */
    static String[] withLegacyFlags(String[] args) {
        List<String> given = new ArrayList<>(List.of(args));
        if (given.remove("--bench")) {
            given.add(0, "bench");
        }
        return given.toArray(String[]::new);
    }

    private static InvalidSettingException invalidSetting(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
