package io.github.s3drreplicator.it;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The replication tests against moto, whose S3 sends its own events to EventBridge (the bucket's EventBridge
 * configuration on); a rule on source aws.s3 puts the source bucket's creations and deletions on the queue, keys as
 * they are (not URL-encoded, so replicator.eventbridge.keys-url-encoded stays false). Skipped where moto_server is
 * not on the PATH.
 */
@EnabledIf(value = "io.github.s3drreplicator.it.MotoServer#available",
        disabledReason = "moto_server is not on the PATH")
class MotoEventBridgeReplicationIT extends AbstractReplicationIT {

    @Override
    protected AwsTestEnvironment startEnvironment() throws Exception {
        return MotoEnvironment.startOrSkip(getClass().getSimpleName(), MotoEnvironment.Delivery.EVENTBRIDGE);
    }

    /** S3 sends no s3:TestEvent to EventBridge (neither does moto): there is nothing of the kind to deliver. */
    @Override
    protected boolean deliverTestEvent(String testEvent) {
        return false;
    }
}
