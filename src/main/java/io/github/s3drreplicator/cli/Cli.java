package io.github.s3drreplicator.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.github.s3drreplicator.failure.OperatorMessage;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The command line: {@code run} (the default), {@code audit}, {@code restore}, {@code bench}, each with
 * {@code --help}, and {@code --version}. A wrong option is named and answered with the usage and exit status 2, as
 * is a setting the service does not take or missing, expired or foreign AWS credentials, each the same way whichever
 * command meets it ({@link #failed}); other failures of the service exit 1.
 */
public final class Cli {

    /** Exit status of a wrong option or setting, or of credentials AWS does not take. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    private static final String NAME = "s3-dr-replicator";

    private Cli() {
    }

    /**
     * @param overrides properties that win over every other source (the tests' endpoints); none in production
     */
    public static int execute(String[] args, Map<String, String> overrides, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new ReplicatorCommand(overrides));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> failed(line.getCommandSpec(), failure,
                CommandLine.ExitCode.SOFTWARE));
        return commandLine.execute(withLegacyFlags(args));
    }

    /**
     * What a process started for one command sets up before it: a short command's compiler ({@link ShortCommandJit}),
     * which may run the command in a JVM of its own: then its exit status, and this process has nothing left to do.
     * Not for commands run inside another program (the tests), whose JVM is theirs.
     */
    public static OptionalInt beforeCommand(String[] args) {
        return ShortCommandJit.chooseFor(args);
    }

    /** {@code --bench [...]}, the benchmark's flag before it was a command, still works. */
    static String[] withLegacyFlags(String[] args) {
        List<String> given = new ArrayList<>(List.of(args));
        if (given.remove("--bench")) {
            given.add(0, "bench");
        }
        return given.toArray(String[]::new);
    }

    /**
     * Tells the user why the command failed, in a line or two ({@link OperatorMessage}), and returns its exit status:
     * 2 for what the operator has to fix (a setting, the credentials), whichever command it is, else
     * {@code otherwise}. A setting or the credentials are named the same way by every command, since they are not
     * the command's.
     */
    public static int failed(CommandSpec command, Throwable failure, int otherwise) {
        OperatorMessage message = OperatorMessage.of(failure);
        PrintWriter err = command.commandLine().getErr();
        if (message.needsTheOperator()) {
            err.println(NAME + ": " + message.text());
        } else {
            err.println(command.qualifiedName(" ") + " failed: " + message.text());
        }
        err.flush();
        return message.needsTheOperator() ? USAGE : otherwise;
    }
}
