package io.github.s3drreplicator.it;

import org.testcontainers.junit.jupiter.Testcontainers;

/** The same replication tests against LocalStack; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackReplicationIT extends AbstractReplicationIT {

    @Override
    protected AwsTestEnvironment startEnvironment() {
        return LocalStackEnvironment.start();
    }
}
