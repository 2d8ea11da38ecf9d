package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The replication tests against moto, whose S3 publishes its own event notifications to an SNS topic; the queue's
 * subscription (raw message delivery off) receives them in moto's SNS envelopes. Skipped where moto_server is not on
 * the PATH.
 */
@EnabledIf(value = "io.github.s3drreplicator.it.MotoServer#available",
        disabledReason = "moto_server is not on the PATH")
class MotoSnsReplicationIT extends AbstractReplicationIT {

    private MotoEnvironment moto;

    @Override
    protected AwsTestEnvironment startEnvironment() throws Exception {
        moto = MotoEnvironment.startOrSkip(getClass().getSimpleName(), MotoEnvironment.Delivery.SNS);
        return moto;
    }

    /** As S3 sends it to a topic: published there, it reaches the queue in the envelope moto's SNS writes. */
    @Override
    protected boolean deliverTestEvent(String testEvent) {
        moto.publishToTopic(testEvent);
        return true;
    }

    @Test
    void envelopeWhoseMessageIsNotJsonIsDeadLetteredAsAnInvalidEvent() {
        String marker = UUID.randomUUID().toString();
        moto.publishToTopic("not an S3 event " + marker);

        Message parked = deadLetters.awaitOne(marker);
        assertThat(DeadLetterQueue.attribute(parked, "replicator-failure-type")).isEqualTo("invalid-event");
        assertThat(DeadLetterQueue.attribute(parked, "replicator-failure-reason")).contains("SNS message");
    }
}
