package io.github.s3drreplicator.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, which the commands that print a report take ({@code audit}, {@code restore},
 * {@code breaker ...}): without it their standard output is their report and their standard error their warnings
 * and progress; with it, the service's logging (Camel, the AWS SDK, the replicator's own lines) comes back, on
 * standard error ({@link CommandLogging}).
 */
public final class VerboseOption {

    @Option(names = "--verbose", description = "Also log what the service logs (Camel, the AWS SDK, the"
            + " replicator's own lines), on standard error.")
    private boolean verbose;

    public boolean on() {
        return verbose;
    }
}
