package io.github.s3drreplicator.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.github.s3drreplicator.Application;
import io.github.s3drreplicator.audit.AuditCommand;
import io.github.s3drreplicator.audit.RestoreCommand;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar s3-dr-replicator.jar [run] [--sandbox]}: runs the replicator until it is stopped, against AWS with
 * the default credential chain, or on the embedded sandbox. The other commands are its subcommands.
 */
@Command(name = "s3-dr-replicator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Event-driven disaster-recovery replicator for Amazon S3. Without a command, runs the"
                + " replicator (as 'run' does).",
        subcommands = {AuditCommand.class, RestoreCommand.class, BreakerCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped normally", "1:failed", "2:a wrong option or setting, or AWS credentials missing,"
                + " expired or refused"})
public final class ReplicatorCommand implements Callable<Integer> {

    private final Map<String, String> overrides;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sandbox", description = "Start the embedded sandbox (S3 and SQS on this machine, buckets and"
            + " queues created, event notifications on) and replicate there.")
    private boolean sandbox;

    public ReplicatorCommand(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    /** Properties that win over every other source: what tests point the commands at. */
    public Map<String, String> overrides() {
        return overrides;
    }

    @Override
    public Integer call() throws Exception {
        return run(sandbox);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the replicator until it is stopped"
            + " (the default command).")
    int run(@Option(names = "--sandbox", description = "Start the embedded sandbox and replicate there.")
            boolean onSandbox) throws Exception {
        SandboxTools.Running running = null;
        ServiceStopLog stopLog = new ServiceStopLog();
        if (onSandbox) {
            Optional<SandboxTools> tools = SandboxTools.find();
            if (tools.isEmpty()) {
                spec.commandLine().getErr().println("s3-dr-replicator: " + SandboxTools.MISSING);
                return Cli.USAGE;
            }
            TryingOut.quietLogs();
            running = tools.get().startSandbox();
        }
        try {
            stopLog.install();
            Main main = Application.newMain();
            overrides.forEach(main::addOverrideProperty);
            main.addMainListener(stopLog);
            if (running != null) {
                SandboxTools.Running started = running;
                main.addMainListener(new MainListenerSupport() {
                    @Override
                    public void afterStart(BaseMainSupport camel) {
                        TryingOut.welcome(spec.commandLine().getOut(), started, camel.getCamelContext());
                    }
                });
            }
            main.run();
            return main.getExitCode();
        } finally {
            stopLog.ended();
            if (running != null) {
                running.close();
            }
        }
    }
}
