package io.github.s3drreplicator.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;

import io.github.s3drreplicator.audit.CommandRuntime;
import io.github.s3drreplicator.breaker.BreakerControl;
import io.github.s3drreplicator.breaker.BreakerState;
import io.github.s3drreplicator.breaker.HeldStorm;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.BucketPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar s3-dr-replicator.jar breaker status|resume|discard [--pair NAME] [--storm ID]}: the delete breaker,
 * from any machine with the service's configuration (its state is in the state bucket, its held writes on the
 * held-deletes queue). What the JMX operations do on one pod, for every replica at once.
 */
@Command(name = "breaker", mixinStandardHelpOptions = true,
        description = "The delete-storm breaker (and overwrite guard) of every replica: its state, or an operator's"
                + " decision on what it holds.",
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

        /** What an action printed for a pair, and whether that calls for exit status 1. */
        record Report(String text, boolean attention) {
        }

        /** Runs the action on each pair; returns the exit status. */
        Integer forEachPair(BiFunction<BreakerControl, String, Report> action) {
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
                boolean attention = false;
                for (String name : names) {
                    Report report = action.apply(control, name);
                    attention |= report.attention();
                    out.println(report.text());
                    out.flush();
                }
                return attention ? 1 : 0;
            } catch (RuntimeException e) {
                return Cli.failed(spec, e, 2);
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Whether each pair's breaker is open, for which kind of storm (delete, overwrite), why and"
                    + " since when, and every storm that holds its writes: its id, kind, held writes, the oldest one's"
                    + " age, and the decision taken on it.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every breaker closed and no storm holds writes",
                    "1:a breaker is open, or a storm holds writes", "2:error"})
    static final class Status extends Action {
        @Override
        public Integer call() {
            return forEachPair((control, pair) -> {
                BreakerControl.Storms storms = control.storms(pair);
                return new Report(describe(pair, storms, Instant.now()),
                        storms.state().open() || !storms.storms().isEmpty());
            });
        }

        static String describe(String pair, BreakerControl.Storms found, Instant now) {
            BreakerState state = found.state();
            List<String> lines = new ArrayList<>();
            if (state.open()) {
                lines.add("pair " + pair + ": OPEN since " + state.openedAt() + " for storm " + state.storm() + " ("
                        + state.kind() + "): " + state.reason());
            } else {
                long overwrites = state.overwriteCounts().lastMinute(now);
                lines.add("pair " + pair + ": closed (" + state.deleteCounts().lastMinute(now) + " deletes in the last"
                        + " minute, " + state.deleteCounts().lastHour(now) + " in the last hour"
                        + (overwrites > 0 ? "; " + overwrites + " overwrites in the last minute" : "") + ")");
            }
            if (found.storms().isEmpty()) {
                lines.add("  no storm holds writes");
            }
            for (HeldStorm storm : found.storms()) {
                lines.add(String.format("  storm %s  %s  %d held  oldest %s (%s ago)  %s", storm.id(), storm.kind(),
                        storm.count(), storm.oldest().truncatedTo(ChronoUnit.SECONDS), age(storm.age(now)),
                        decision(storm)));
            }
            if (found.hidden() > 0) {
                lines.add(String.format("  and about %d held writes hidden on the queue, not counted above: taken by a"
                        + " release running now, or by one that stopped (they come back after the queue's visibility"
                        + " timeout)", found.hidden()));
            }
            return String.join(System.lineSeparator(), lines);
        }

        private static String decision(HeldStorm storm) {
            if (storm.decision() == null) {
                return storm.open() ? "open: breaker resume|discard --storm " + storm.id()
                        : "undecided: breaker resume|discard --storm " + storm.id();
            }
            return storm.decision() + " decided " + storm.decidedAt().truncatedTo(ChronoUnit.SECONDS)
                    + ", not finished: run breaker " + storm.decision() + " --storm " + storm.id() + " again";
        }

        /** 2d 03h, 1h 02m, 5m 03s, 12s. */
        static String age(Duration age) {
            long s = age.toSeconds();
            if (s >= 86_400) {
                return String.format("%dd %02dh", s / 86_400, s % 86_400 / 3600);
            }
            if (s >= 3600) {
                return String.format("%dh %02dm", s / 3600, s % 3600 / 60);
            }
            if (s >= 60) {
                return String.format("%dm %02ds", s / 60, s % 60);
            }
            return s + "s";
        }
    }

    /** Options of a decision. */
    abstract static class Decision extends Action {
        @Option(names = "--storm", paramLabel = "ID", description = "Only this storm (breaker status lists them);"
                + " every storm of the pair by default.")
        String storm;
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Apply the held deletes of the pair's storms (or of one, --storm), each reconciled again"
                    + " first: an object recreated since is never deleted. Closes the breaker where it is open for"
                    + " one of them. Run it again to finish a release that stopped midway.")
    static final class Resume extends Decision {
        @Override
        public Integer call() {
            return forEachPair((control, pair) -> new Report(control.resume(pair, storm), false));
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Drop the held deletes of the pair's storms (or of one, --storm): DR keeps those objects,"
                    + " marked as kept, for good (no repair deletes them). Closes the breaker where it is open for"
                    + " one of them. Run it again to finish a discard that stopped midway.")
    static final class Discard extends Decision {
        @Override
        public Integer call() {
            return forEachPair((control, pair) -> new Report(control.discard(pair, storm), false));
        }
    }
}
