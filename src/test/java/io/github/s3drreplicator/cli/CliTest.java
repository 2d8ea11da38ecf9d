package io.github.s3drreplicator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.s3drreplicator.audit.AuditCommand;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int execute(String... args) {
        return execute(Map.of(), args);
    }

    private int execute(Map<String, String> properties, String... args) {
        return Cli.execute(args, properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Nothing listens there: a command that got as far as a request would fail to connect. */
    private static final Map<String, String> NOWHERE = Map.of(
            "replicator.s3.endpoint", "http://127.0.0.1:1", "replicator.s3.path-style", "true",
            "replicator.sqs.endpoint", "http://127.0.0.1:1", "replicator.aws.account-id", "000000000000",
            "camel.management.enabled", "false");

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
    @ValueSource(strings = {"restore --as-of yesterday|is no instant: write it as ISO-8601 with a zone",
            "restore --as-of 2026-12-06T10:00:00|is no instant", "restore --as-of 2999-01-01T00:00:00Z|is in the future",
            "restore --prune|--prune deletes what was created since an instant: it needs --as-of"})
    void anInstantRestoreCannotUseIsNamedAndExitsTwo(String lineAndWhy) {
        String[] parts = lineAndWhy.split("\\|");
        int exit = execute(NOWHERE, parts[0].split(" "));

        assertThat(exit).as(err()).isEqualTo(Cli.USAGE);
        assertThat(err()).contains(parts[1]);
    }

    @Test
    void sendingRepairsToTheQueueGoesWithRepair() {
        int exit = execute(NOWHERE, "audit", "--via-queue");

        assertThat(exit).as(err()).isEqualTo(AuditCommand.ERROR);
        assertThat(err()).contains("--via-queue sends repairs: it goes with --repair");
    }

    @Test
    void restoreHelpNamesAsOfAndPrune() {
        execute("restore", "--help");

        assertThat(out()).contains("--as-of=INSTANT", "--prune", "2026-12-06T10:00:00Z");
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "audit", "audit --repair", "restore", "restore --dry-run", "breaker status",
            "breaker resume", "breaker discard"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMisspeltSettingIsNamedTheSameWayByEveryCommandAndExitsTwo(String line) {
        Map<String, String> properties = new HashMap<>(NOWHERE);
        properties.put("replicator.delete.breaker.max-per-minut", "5");

        int exit = execute(properties, line.split(" "));

        assertThat(exit).isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("s3-dr-replicator: invalid settings: replicator.delete.breaker.max-per-minut"
                + " names no setting (did you mean replicator.delete.breaker.max-per-minute?)" + System.lineSeparator());
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"run", "audit", "audit --repair", "restore", "restore --dry-run", "breaker status",
            "breaker resume", "breaker discard"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void noCredentialsAreSaidInTwoLinesWithWhatToDoAndExitTwo(String line, @TempDir Path home) throws IOException {
        // the default chain finds nothing: no keys in the environment or the system properties, empty profile files,
        // no web identity or container variables, and the instance metadata service not asked (it would not answer)
        for (String variable : List.of("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
            Assumptions.assumeTrue(System.getenv(variable) == null, variable + " gives credentials here");
        }
        Path empty = Files.createFile(home.resolve("empty"));
        Map<String, String> saved = new HashMap<>();
        Map<String, String> credentialsNowhere = Map.of("aws.sharedCredentialsFile", empty.toString(),
                "aws.configFile", empty.toString(), "aws.disableEc2Metadata", "true");
        for (String key : List.of("aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
                "aws.sharedCredentialsFile", "aws.configFile", "aws.disableEc2Metadata")) {
            String value = System.getProperty(key);
            if (value != null) {
                saved.put(key, value);
            }
            System.clearProperty(key);
        }
        credentialsNowhere.forEach(System::setProperty);
        try {
            int exit = execute(NOWHERE, line.split(" "));

            assertThat(exit).isEqualTo(Cli.USAGE);
            assertThat(err().lines()).containsExactly("s3-dr-replicator: Unable to locate AWS credentials.",
                    "Configure them as for the AWS CLI (aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY), or run where a role provides them (IRSA, an instance or task"
                            + " role).");
            assertThat(out()).isEmpty();
        } finally {
            credentialsNowhere.keySet().forEach(System::clearProperty);
            saved.forEach(System::setProperty);
        }
    }

    @ParameterizedTest(name = "{0} --help")
    @ValueSource(strings = {"audit", "restore", "breaker status", "breaker resume", "breaker discard"})
    void theCommandsThatReportTakeVerbose(String command) {
        execute((command + " --help").split(" "));

        assertThat(out()).contains("--verbose");
    }
}
