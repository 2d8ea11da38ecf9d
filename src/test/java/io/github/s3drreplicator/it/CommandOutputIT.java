package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.sandbox.Faults;
import io.github.s3drreplicator.sandbox.Hold;
import io.github.s3drreplicator.sandbox.HoldRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the built jar's commands print, and where, run as an operator runs them (a process of its own, standard output
 * and standard error apart): the report alone on standard output, nothing on standard error unless there is
 * something to warn of, and the logs back with {@code --verbose}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandOutputIT {

    /** Uploaded in parts, which the sandbox refuses to copy: its repair fails. */
    private static final String UNREPAIRABLE = "unrepairable/in-parts.bin";

    private SandboxEnvironment environment;

    @BeforeAll
    void start() throws Exception {
        // every UploadPartCopy answered 500; no event notifications, no service: the buckets stay as put
        environment = SandboxEnvironment.start(new Faults(0, 0, 0, 0, 0, 0, 1.0), false);
        try (S3Client s3 = environment.s3Client()) {
            s3.putObject(r -> r.bucket(AwsTestEnvironment.SOURCE_BUCKET).key("only-in-production.txt"),
                    RequestBody.fromString("production"));
            for (String bucket : new String[] {AwsTestEnvironment.SOURCE_BUCKET, AwsTestEnvironment.TARGET_BUCKET}) {
                s3.putObject(r -> r.bucket(bucket).key("in-both.txt"), RequestBody.fromString("both"));
            }
            s3.putObject(r -> r.bucket(AwsTestEnvironment.TARGET_BUCKET).key("only-in-dr.txt"),
                    RequestBody.fromString("dr"));
            Uploads.inParts(s3, AwsTestEnvironment.SOURCE_BUCKET, UNREPAIRABLE, 2 * FidelityIT.PART_SIZE,
                    FidelityIT.PART_SIZE);
        }
    }

    @AfterAll
    void stop() {
        environment.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "audit, 1",
            "audit --json, 1",
            "restore --dry-run, 1",
            "breaker status, 0"})
    void aCommandPrintsItsReportAloneOnStandardOutputAndNothingOnStandardError(String line, int exit)
            throws Exception {
        // the report, as the command line makes it
        Commands.Result report = Commands.run(environment, Map.of(), line.split(" "));
        assertThat(report.out()).isNotBlank();

        Commands.Result jar = Commands.runJar(line.replace(' ', '-'), environment, Map.of(), line.split(" "));

        assertThat(jar.out()).as("standard output").isEqualTo(report.out());
        assertThat(jar.err()).as("standard error").isEmpty();
        assertThat(jar.exit()).as("drift, or something to restore").isEqualTo(report.exit()).isEqualTo(exit);
    }

    @Test
    void aShortCommandRunsInAJvmOfItsOwnWithTheQuickCompilerThatEndsWhenTheOneStartedIsKilled() throws Exception {
        // the command's first listing waits in the sandbox: the command is surely running when it is killed
        Hold hold = environment.hold(HoldRule.hold("ListObjectsV2", AwsTestEnvironment.SOURCE_BUCKET, "held/"));
        Process started = Commands.startJar("audit-killed", environment, Map.of(), "audit", "--prefix", "held/");
        try {
            hold.awaitArrived(Duration.ofSeconds(60));
            ProcessHandle command = started.toHandle().children().findFirst().orElseThrow();
            assertThat(command.info().arguments().map(List::of).orElse(List.of()))
                    .contains("-XX:TieredStopAtLevel=1", "audit", "--prefix", "held/");

            started.destroyForcibly().waitFor();

            // as a command in one process would be: gone, before the listing it waits on is answered
            await().atMost(Duration.ofSeconds(10)).until(() -> !command.isAlive());
        } finally {
            hold.release();
        }
    }

    @Test
    void verboseBringsTheLogsBackOnStandardErrorAndLeavesTheReportAlone() throws Exception {
        Commands.Result report = Commands.run(environment, Map.of(), "audit");

        Commands.Result jar = Commands.runJar("audit-verbose", environment, Map.of(), "audit", "--verbose");

        assertThat(jar.out()).as("standard output").isEqualTo(report.out());
        // a report needs no route, so Camel never starts: the command's own INFO lines are what comes back
        assertThat(jar.err()).as("standard error").contains("INFO", "Settings read without starting Camel");
    }

    @Test
    void aKeyThatCouldNotBeRepairedIsOneLineOnStandardError() throws Exception {
        Commands.Result jar = Commands.runJar("audit-repair-fails", environment, Map.of(
                "replicator.retry.initial-delay-ms", "50", "replicator.retry.max-delay-ms", "100"),
                "audit", "--repair", "--prefix", "unrepairable/");

        assertThat(jar.exit()).as("a repair failed").isEqualTo(2);
        assertThat(jar.out()).contains("repaired 0, failed 1");
        // a progress line ("[10s] pair default: ...") only where the repair's retries took that long
        assertThat(jar.err().lines().filter(line -> !line.startsWith("["))).as(jar.err()).singleElement()
                .asString().startsWith("WARN Could not repair '" + UNREPAIRABLE + "': ")
                .contains("Status Code: 500").doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]");
    }
}
