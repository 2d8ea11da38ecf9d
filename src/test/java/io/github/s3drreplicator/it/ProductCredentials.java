package io.github.s3drreplicator.it;

/**
 * The credentials the product finds when it runs in the test's JVM ({@link RunningReplicator}, {@link Commands}): its
 * default chain reads the system properties first. Any will do for the sandbox and LocalStack ({@code test}); a test
 * may give the product an access key of its own, which names in every signature who made the call
 * ({@code LeastPrivilegeIT}).
 */
final class ProductCredentials implements AutoCloseable {

    private static final String DEFAULT = "test";
    private static volatile String accessKeyId = DEFAULT;

    private ProductCredentials() {
    }

    /** Sets the system properties the product's clients read, to the access key in use. */
    static void apply() {
        System.setProperty("aws.accessKeyId", accessKeyId);
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** The product signs with this access key until {@link #close}. */
    static ProductCredentials as(String accessKey) {
        accessKeyId = accessKey;
        apply();
        return new ProductCredentials();
    }

    @Override
    public void close() {
        accessKeyId = DEFAULT;
        apply();
    }
}
