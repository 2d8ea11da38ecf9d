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

    private final AwsClientSettings settings;
    private final long multipartThreshold;
    private final long partSize;
    private final Map<String, S3Client> clients = new ConcurrentHashMap<>();
    private final Map<String, S3AsyncClient> multipartClients = new ConcurrentHashMap<>();

    /** @param multipartThreshold objects above this many bytes are copied in parts of {@code partSize} */
    public S3Clients(AwsClientSettings settings, long multipartThreshold, long partSize) {
        this.settings = settings;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
    }

    public S3Client forRegion(String region) {
        return clients.computeIfAbsent(region, settings::s3Client);
    }

    /** For copies in parts, in parallel, into a bucket of this region. */
    public S3AsyncClient multipartForRegion(String region) {
        return multipartClients.computeIfAbsent(region,
                r -> settings.s3MultipartClient(r, multipartThreshold, partSize));
    }

    @Override
    public void close() {
        clients.values().forEach(S3Client::close);
        multipartClients.values().forEach(S3AsyncClient::close);
    }
}
