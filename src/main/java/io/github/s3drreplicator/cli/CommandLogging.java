package io.github.s3drreplicator.cli;

import java.net.URL;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * The logging of a command ({@code audit}, {@code restore}, {@code breaker}), chosen when it starts: its report is
 * all that goes to standard output, so the service's logging is not what a command wants.
 *
 * <ul>
 *   <li>By default ({@code logback-command.xml}): nothing of Camel's or the AWS SDK's, and of the replicator's own
 *       lines only its warnings (a key that could not be repaired), one line each on standard error.</li>
 *   <li>With {@code --verbose}: the service's logging ({@code logback.xml}, text or JSON as {@code log.format}
 *       says), on standard error.</li>
 * </ul>
 *
 * Closing puts back the configuration logback chose by itself, for whatever runs in the same JVM after the command
 * (the tests run commands in-process).
 */
public final class CommandLogging implements AutoCloseable {

    static final String QUIET = "logback-command.xml";
    static final String VERBOSE = "logback.xml";

    private final LoggerContext logback;

    private CommandLogging(LoggerContext logback) {
        this.logback = logback;
    }

    public static CommandLogging start(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            // another logging backend: left as its configuration says
            return new CommandLogging(null);
        }
        URL configuration = CommandLogging.class.getClassLoader().getResource(verbose ? VERBOSE : QUIET);
        if (configuration == null) {
            throw new IllegalStateException((verbose ? VERBOSE : QUIET) + " is missing from the class path");
        }
        logback.reset();
        // the service's appenders write to standard output; a command's output is its report
        logback.putProperty("log.target", "System.err");
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(logback);
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure the command's logging from " + configuration, e);
        }
        return new CommandLogging(logback);
    }

    @Override
    public void close() {
        if (logback == null) {
            return;
        }
        logback.reset();
        try {
            new ContextInitializer(logback).autoConfig(CommandLogging.class.getClassLoader());
        } catch (JoranException e) {
            throw new IllegalStateException("cannot put the logging configuration back", e);
        }
    }
}
