package io.github.s3drreplicator.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3 client per region, made when first needed and shared by everything that talks to a bucket there: a request
 * for a bucket goes to its own region, never through a redirect.
 */
public class S3Clients implements AutoCloseable {

    // no region is named so: the key of the client that follows S3's answer naming a bucket's region
    private static final String ANY_REGION = "*";

    private final AwsClientSettings settings;
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();
    private final Map<String, S3AsyncClient> asyncClients = new ConcurrentHashMap<>();

    public S3Clients(AwsClientSettings settings) {
        this.settings = settings;
    }

    public S3Client forRegion(String region) {
        return clients.computeIfAbsent(region, settings::s3Client);
    }

    /**
     * For a bucket the configuration names no region for (an inventory report's): signed for us-east-1 first, then
     * for the region S3 names in its answer, which the SDK remembers per bucket.
     */
    public S3Client forAnyRegion() {
        return clients.computeIfAbsent(ANY_REGION, ignored -> settings.s3Client("us-east-1", true));
    }

    /** For copies in parts, all parts in flight at once, into a bucket of this region. */
    public S3AsyncClient asyncForRegion(String region) {
        return asyncClients.computeIfAbsent(region, settings::s3AsyncClient);
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        asyncClients.values().forEach(S3AsyncClient::close);
    }
}
