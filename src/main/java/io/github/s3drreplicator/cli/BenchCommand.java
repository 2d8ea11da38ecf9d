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
        description = "Measure the replicator on the sandbox, side by side with a raw copy loop and the seed's"
                + " design; writes target/bench/report.json. Ships with the sandbox, not in the container image.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "A short run, as CI makes it.")
    private boolean quick;

    @Option(names = "--objects", paramLabel = "N", description = "Objects per measurement.")
    private Integer objects;

    @Option(names = "--size", paramLabel = "BYTES", description = "Bytes per object.")
    private Integer size;

    @Option(names = "--concurrency", paramLabel = "C", description = "Requests in flight for the raw copy loop.")
    private Integer concurrency;

    @Option(names = "--large-mib", paramLabel = "M", description = "The large object's size, for the heap figure.")
    private Integer largeMib;

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
        add(args, "--objects", objects);
        add(args, "--size", size);
        add(args, "--concurrency", concurrency);
        add(args, "--large-mib", largeMib);
        return tools.get().bench(args);
    }

    private static void add(List<String> args, String option, Integer value) {
        if (value != null) {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }
}
