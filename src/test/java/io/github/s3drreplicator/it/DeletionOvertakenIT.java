package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.github.s3drreplicator.aws.AwsClientSettings;
import io.github.s3drreplicator.aws.S3Clients;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.pair.BucketPair;
import io.github.s3drreplicator.pair.DeleteMode;
import io.github.s3drreplicator.replicate.Destination;
import io.github.s3drreplicator.replicate.KeyReconciler;
import io.github.s3drreplicator.replicate.KeyReplication;
import io.github.s3drreplicator.replicate.ReconcilePlanner;
import io.github.s3drreplicator.replicate.ReconcileStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where both directions run, production may write a key again while the replicator is deleting it in DR. The delete
 * marker then lands in a later second than production's new object, and by the dates alone DR's deletion would look
 * like the newer state: the failback direction would delete production's write. The reconciler looks at production
 * once more after the delete and, finding an object there, has that object follow the deletion. The record is driven
 * by hand, against the sandbox, so that the delete lands exactly in that window.
 */
class DeletionOvertakenIT {

    private static final String PROD = AwsTestEnvironment.SOURCE_BUCKET;
    private static final String DR = AwsTestEnvironment.TARGET_BUCKET;
    private static final String KEY = "overtaken/report.csv";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withoutEvents().versioned(PROD).versioned(DR);

    @Test
    void aDeletionOvertakenByProductionsWriteIsFollowedByThatWriteWhateverTheMarkersDate() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        S3Client s3 = SANDBOX.s3();
        String e1 = s3.putObject(r -> r.bucket(PROD).key(KEY), RequestBody.fromString("v1")).eTag();
        s3.putObject(r -> r.bucket(DR).key(KEY), RequestBody.fromString("v1"));
        s3.deleteObject(r -> r.bucket(PROD).key(KEY));
        BucketPair pair = new BucketPair("default", PROD, "us-east-1", "", "", DR, "us-east-2", null, null,
                DeleteMode.MIRROR, 7);
        KeyReplication r = new KeyReplication(new ObjectEvent("ObjectRemoved:Delete", PROD, KEY, null, null, null,
                null, null), pair, KeyReplication.Origin.EVENT, KeyReplication.Policy.NEWER_WINS, false, null);
        try (S3Clients clients = new S3Clients(new AwsClientSettings(SANDBOX.environment().s3Endpoint(), true,
                SANDBOX.environment().sqsEndpoint(), 4))) {
            KeyReconciler reconciler = new KeyReconciler(clients,
                    new ReconcilePlanner(Clock.systemUTC(), Duration.ofSeconds(3)), 5);

            reconciler.plan(r);
            assertThat(r.step()).isEqualTo(new ReconcileStep.Delete(new Destination(e1.replace("\"", ""))));
            // production writes again while the delete is on its way, which lands a second later
            String e2 = s3.putObject(r2 -> r2.bucket(PROD).key(KEY), RequestBody.fromString("v2")).eTag();
            long written = Instant.now().getEpochSecond();
            await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().getEpochSecond() > written);
            s3.deleteObject(d -> d.bucket(DR).key(KEY).ifMatch(e1));
            reconciler.deleted(r);

            assertThat(r.isDone()).as("not done with the deletion").isFalse();
            Instant marker = s3.listObjectVersions(l -> l.bucket(DR).prefix(KEY)).deleteMarkers().get(0)
                    .lastModified();
            assertThat(marker.getEpochSecond()).as("DR's marker dated after production's write").isGreaterThan(written);
            reconciler.plan(r);
            assertThat(r.step()).isInstanceOfSatisfying(ReconcileStep.Copy.class, copy -> {
                assertThat(copy.source().eTag()).isEqualTo(e2.replace("\"", ""));
                assertThat(copy.destination().ifMatch()).as("onto DR's deletion").isNull();
            });
        }
    }
}
