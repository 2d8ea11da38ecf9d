package io.github.s3drreplicator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the benchmark harness (see docs/performance.md), which ships with the sandbox, not the product. Not
 * a test: it measures and reports, {@code target/bench/report.json} and a table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the replicator, each replica and the sandbox in processes of their own, side by side"
                + " with a raw copy loop, the seed's design and rclone; writes target/bench/report.json. Ships with"
                + " the sandbox, not in the container image.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "A short run, as CI makes it.")
    private boolean quick;

    @Option(names = "--objects", paramLabel = "N", description = "Objects per measurement.")
    private Integer objects;

    @Option(names = "--size", paramLabel = "BYTES", description = "Bytes per object.")
    private Integer size;

    @Option(names = "--workers", paramLabel = "W", description = "replicator.workers for the main figures, and the"
            + " raw copy loop's requests in flight.")
    private Integer workers;

    @Option(names = "--scaling", paramLabel = "W,W", description = "The workers the scaling rows try.")
    private String scaling;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "Latency added to every S3 request for the"
            + " main figures.")
    private Integer latencyMs;

    @Option(names = "--large-mib", paramLabel = "M", description = "The large object's size, for the heap figure.")
    private Integer largeMib;

    @Option(names = "--audit-objects", paramLabel = "N", description = "Objects in each bucket the audit and"
            + " rclone check compare.")
    private Integer auditObjects;

    @Option(names = "--backfill-objects", paramLabel = "N", description = "Objects the backfill part copies into"
            + " an empty bucket, by audit --repair and by rclone copy.")
    private Integer backfillObjects;

    @Option(names = "--only", paramLabel = "PART,PART", description = "Only these parts: main, scaling, rclone,"
            + " backfill, audit, zero (the 0 ms figures).")
    private String only;

    @Option(names = "--jfr", description = "Record each replica's JFR profile (target/bench/NAME.jfr).")
    private boolean jfr;

    @Override
    public Integer call() throws Exception {
        Optional<SandboxTools> tools = SandboxTools.find();
        if (tools.isEmpty()) {
            spec.commandLine().getErr().println("s3-dr-replicator: " + SandboxTools.MISSING);
            return Cli.USAGE;
        }
        List<String> args = new ArrayList<>();
        if (quick) {
            args.add("--quick");
        }
        if (jfr) {
            args.add("--jfr");
        }
        add(args, "--objects", objects);
        add(args, "--size", size);
        add(args, "--workers", workers);
        add(args, "--scaling", scaling);
        add(args, "--latency-ms", latencyMs);
        add(args, "--large-mib", largeMib);
        add(args, "--audit-objects", auditObjects);
        add(args, "--backfill-objects", backfillObjects);
        add(args, "--only", only);
        return tools.get().bench(args);
    }

    private static void add(List<String> args, String option, Object value) {
        if (value != null) {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }
}
