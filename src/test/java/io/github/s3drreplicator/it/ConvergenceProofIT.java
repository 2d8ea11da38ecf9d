package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.s3drreplicator.sandbox.Faults;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.CamelEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The proof that DR converges: two replicators on one queue, thousands of random puts, overwrites, copies and
 * deletes over a few hundred keys (hostile ones among them), 10% of S3 calls failing, notifications duplicated and
 * shuffled, SQS receives failing, and one replicator killed with SIGKILL halfway. Afterwards DR must equal
 * production key for key and byte for byte, with nothing in the dead-letter queue.
 *
 * <p>CI runs a small version. The larger run: {@code ./mvnw verify -Dit.test=ConvergenceProofIT
 * -Dproof.operations=20000 -Dproof.keys=1000}.
 */
class ConvergenceProofIT {

    private static final int OPERATIONS = Integer.getInteger("proof.operations", 2000);
    private static final int KEYS = Integer.getInteger("proof.keys", 200);
    private static final List<String> HOSTILE = List.of("Project Idea.txt", "€uro", "literal%2Bplus", "plus+sign",
            "a//double//slash", " leading and trailing ", "#?&;:,@$=", "${sys:user.home}", "../x", "日本語/😀",
            "100%", "k".repeat(1000));

    @Test
    void drConvergesToProductionWhateverTheEventsDo() throws Exception {
        Faults faults = new Faults(0.05, 0.05, 0, 0.05, 0.2, 500);
        Random random = new Random(Long.getLong("proof.seed", 20261125L));
        try (AwsTestEnvironment environment = SandboxEnvironment.start(faults, true);
             S3Client writer = patientClient(environment.s3Endpoint())) {
            Map<String, String> replicaSettings = Map.of("replicator.sqs.visibility-timeout-seconds", "10");
            String killedReplicaMetrics;
            try (RunningReplicator a = RunningReplicator.start(environment, replicaSettings);
                 ReplicatorProcess b = ReplicatorProcess.start("proof-replica-b", environment, replicaSettings)) {
                AtomicLong redeliveries = a.count(event -> event instanceof CamelEvent.ExchangeRedeliveryEvent);
                List<String> keys = keys();

                runWorkload(writer, keys, random, OPERATIONS / 2);
                killedReplicaMetrics = b.metrics();
                b.kill();
                runWorkload(writer, keys, random, OPERATIONS - OPERATIONS / 2);

                S3Client reader = environment.s3Client();
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                        .untilAsserted(() -> Buckets.assertMirrored(reader, "proof/"));
                List<?> parked = new DeadLetterQueue(environment.sqsClient()).all();

                // the faults still fire: count with the patient client, whose retries outlast them
                report(a, redeliveries.get(), killedReplicaMetrics, Buckets.contents(writer,
                        AwsTestEnvironment.SOURCE_BUCKET, "proof/").size(), parked.size());
                assertThat(parked).as("dead-lettered messages").isEmpty();
            }
        }
    }

    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < KEYS - HOSTILE.size(); i++) {
            keys.add("proof/key-" + i + ".txt");
        }
        HOSTILE.forEach(hostile -> keys.add(("proof/hostile/" + hostile).substring(0,
                Math.min(("proof/hostile/" + hostile).length(), 1024))));
        return keys;
    }

    /** Random puts (overwrites among them), server-side copies, single and batch deletes. */
    private static void runWorkload(S3Client s3, List<String> keys, Random random, int operations) {
        String bucket = AwsTestEnvironment.SOURCE_BUCKET;
        for (int i = 0; i < operations; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            int roll = random.nextInt(100);
            try {
                if (roll < 55) {
                    byte[] body = new byte[random.nextInt(2048)];
                    random.nextBytes(body);
                    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(body));
                } else if (roll < 70) {
                    String from = keys.get(random.nextInt(keys.size()));
                    s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                            .destinationKey(key));
                } else if (roll < 95) {
                    s3.deleteObject(r -> r.bucket(bucket).key(key));
                } else {
                    List<ObjectIdentifier> batch = random.ints(3, 0, keys.size())
                            .mapToObj(k -> ObjectIdentifier.builder().key(keys.get(k)).build()).toList();
                    s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(batch)));
                }
            } catch (SdkException e) {
                // copying a key that does not exist, or a fault outlasting the retries: production just did not
                // change, which is as good a workload as any
            }
        }
    }

    private static S3Client patientClient(String endpoint) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsTestEnvironment.credentials())
                .overrideConfiguration(o -> o.retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(10).build()))
                .build();
    }

    private static void report(RunningReplicator a, long redeliveries, String killedReplicaMetrics, int objects,
                               int parked) {
        MeterRegistry registry = a.context().getRegistry().findSingleByType(MeterRegistry.class);
        Map<String, Double> counts = new TreeMap<>();
        for (Counter counter : registry.find("replicator.objects.copied").counters()) {
            counts.merge("copied", counter.count(), Double::sum);
        }
        for (Counter counter : registry.find("replicator.objects.deleted").counters()) {
            counts.merge("deleted", counter.count(), Double::sum);
        }
        for (Counter counter : registry.find("replicator.events.skipped").counters()) {
            counts.merge("skipped " + counter.getId().getTag("reason"), counter.count(), Double::sum);
        }
        for (Counter counter : registry.find("replicator.events.failed").counters()) {
            counts.merge("failed " + counter.getId().getTag("reason"), counter.count(), Double::sum);
        }
        System.out.printf("%nConvergence proof: %d operations over %d keys, %d objects in production at the end%n",
                OPERATIONS, KEYS, objects);
        System.out.printf("  replica A (ran to the end): %s, Camel redeliveries %d%n", counts, redeliveries);
        System.out.printf("  replica B (killed with SIGKILL halfway), last scrape: copied %s, deleted %s%n",
                scrape(killedReplicaMetrics, "replicator_objects_copied_total"),
                scrape(killedReplicaMetrics, "replicator_objects_deleted_total"));
        System.out.printf("  dead-lettered: %d%n%n", parked);
    }

    private static String scrape(String metrics, String name) {
        Matcher matcher = Pattern.compile("^" + name + "\\{[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return matcher.find() ? matcher.group(1) : "0";
    }
}
