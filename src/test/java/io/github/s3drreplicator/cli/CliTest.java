package io.github.s3drreplicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return Cli.execute(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"", "run", "audit", "restore", "bench"})
    void everyCommandAnswersHelpWithItsUsage(String command) {
        int exit = command.isEmpty() ? execute("--help") : execute(command, "--help");

        assertThat(exit).isZero();
        assertThat(out()).startsWith("Usage: s3-dr-replicator" + (command.isEmpty() ? "" : " " + command));
    }

    @Test
    void helpListsEveryCommand() {
        execute("--help");

        assertThat(out()).contains("audit", "restore", "bench", "run", "--sandbox", "--version");
    }

    @Test
    void versionNamesTheProjectAndItsVersion() {
        assertThat(execute("--version")).isZero();
        assertThat(out()).startsWith("s3-dr-replicator ").doesNotContain("unknown");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--frobnicate", "audit --frobnicate", "restore --dry-run --frobnicate",
            "bench --frobnicate", "run --frobnicate"})
    void anUnknownOptionIsNamedAndExitsTwo(String line) {
        int exit = execute(line.split(" "));

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("Unknown option: '--frobnicate'").contains("Usage:");
    }

    @Test
    void anOptionMissingItsValueIsNamedAndExitsTwo() {
        int exit = execute("audit", "--prefix");

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("--prefix");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "audit", "restore --dry-run", "breaker status"})
    void aStateBucketThatIsAPairsBucketIsRefusedWithExitStatusTwoNamingTheKey(String line) {
        int exit = Cli.execute(line.split(" "), Map.of("replicator.state.bucket", "dr-bucket"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).as(err()).isEqualTo(Cli.USAGE);
        assertThat(err()).contains("replicator.state.bucket = 'dr-bucket' is the DR bucket of pair 'default'"
                + " (replicator.target.bucket)");
    }

    @Test
    void theBenchmarksOldFlagStillStartsIt() {
        assertThat(Cli.withLegacyFlags(new String[] {"--bench", "--quick"})).containsExactly("bench", "--quick");
        assertThat(Cli.withLegacyFlags(new String[] {"--sandbox"})).containsExactly("--sandbox");
    }
}
