package io.github.s3drreplicator.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import io.github.s3drreplicator.audit.CommandRuntime;
import io.github.s3drreplicator.breaker.BreakerControl;
import io.github.s3drreplicator.breaker.BreakerState;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar s3-dr-replicator.jar breaker status|resume|discard [--pair NAME]}: the delete breaker, from any
 * machine with the service's configuration (its state is in each pair's DR bucket, its held deletes on the
 * held-deletes queue). What the JMX operations do on one pod, for every replica at once.
 */
@Command(name = "breaker", mixinStandardHelpOptions = true,
        description = "The delete-storm breaker of every replica: its state, or an operator's decision on what it"
                + " holds.",
        subcommands = {BreakerCommand.Status.class, BreakerCommand.Resume.class, BreakerCommand.Discard.class})
public final class BreakerCommand {

    @ParentCommand
    ReplicatorCommand parent;

    /** Options every breaker command takes. */
    abstract static class Action implements Callable<Integer> {

        @ParentCommand
        BreakerCommand breaker;

        @Spec
        CommandSpec spec;

        @Option(names = "--pair", paramLabel = "NAME", description = "Only this bucket pair (replicator.pairs).")
        String pairName;

        @Mixin
        VerboseOption verbose;

        /** Runs the action on each pair; returns the exit status. */
        Integer forEachPair(BiFunction<BreakerControl, String, String> action, boolean exitOneWhenOpen) {
            PrintWriter out = spec.commandLine().getOut();
            try (CommandRuntime runtime = CommandRuntime.start(breaker.parent.overrides(),
                    CommandRuntime.Use.RELEASE, verbose.on())) {
                BreakerControl control = runtime.context().getRegistry().lookupByNameAndType("breakerControl",
                        BreakerControl.class);
                BucketPairs pairs = runtime.context().getRegistry().lookupByNameAndType("bucketPairs",
                        BucketPairs.class);
                List<String> names = pairName == null ? pairs.all().stream().map(BucketPair::name).toList()
                        : List.of(pairs.named(pairName).orElseThrow(() -> new IllegalArgumentException(
                                "no bucket pair is named '" + pairName + "'")).name());
                boolean anyOpen = false;
                for (String name : names) {
                    anyOpen |= control.status(name).open();
                    out.println(action.apply(control, name));
                }
                out.flush();
                return exitOneWhenOpen && anyOpen ? 1 : 0;
            } catch (RuntimeException e) {
                return Cli.failed(spec, e, 2);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether each pair's breaker holds deletes, why, since when, and how many wait.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every breaker closed", "1:a breaker is open", "2:error"})
    static final class Status extends Action {
        @Override
        public Integer call() {
            return forEachPair((control, pair) -> describe(pair, control.status(pair), control.heldCount()), true);
        }

        private static String describe(String pair, BreakerState state, long held) {
            if (!state.open()) {
                return "pair " + pair + ": closed (" + state.deletes() + " deletes this minute)";
            }
            return "pair " + pair + ": OPEN since " + state.openedAt() + ", storm " + state.storm() + ": "
                    + state.reason() + "; about " + held + " held deletes wait (all storms and pairs)";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Close the breaker and apply the held deletes of the storm it opened for, each reconciled"
                    + " again first: an object recreated since is never deleted.")
    static final class Resume extends Action {
        @Override
        public Integer call() {
            return forEachPair(BreakerControl::resume, false);
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Close the breaker and drop the held deletes of the storm it opened for: DR keeps those"
                    + " objects.")
    static final class Discard extends Action {
        @Override
        public Integer call() {
            return forEachPair(BreakerControl::discard, false);
        }
    }
}
