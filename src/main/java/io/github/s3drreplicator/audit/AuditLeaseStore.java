package io.github.s3drreplicator.audit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where the scheduled audit's lease lives: one object of the state bucket ({@code replicator.state.bucket}, in the DR
 * region, no pair's bucket), {@value #KEY}, which every replica reads and changes with S3's conditional writes: a
 * lease is created only where there is none ({@code If-None-Match: *}) and changed only where it is still the one read
 * ({@code If-Match} its ETag), so two replicas never both take it. Only S3's NoSuchKey reads as "no lease"; any other
 * failure is thrown, with the lease's place in the message.
 */
public class AuditLeaseStore {

    /** The lease's key in the state bucket. */
    public static final String KEY = "audit-lease.json";

    /** A lease as read, with the ETag a change must name. */
    public record Stored(AuditLease lease, String eTag) {
    }

    private final S3Client s3;
    private final String bucket;

    /** @param stateRegion the S3 client of the state bucket's region (the DR region) */
    public AuditLeaseStore(S3Client stateRegion, String bucket) {
        this.s3 = stateRegion;
        this.bucket = bucket;
    }

    public String where() {
        return "s3://" + bucket + "/" + KEY;
    }

    public Optional<Stored> read() {
        try {
            var response = s3.getObjectAsBytes(r -> r.bucket(bucket).key(KEY));
            return Optional.of(new Stored(AuditLease.parse(response.asString(StandardCharsets.UTF_8), where()),
                    response.response().eTag()));
        } catch (NoSuchKeyException none) {
            return Optional.empty();
        } catch (S3Exception e) {
            throw naming(e, "cannot be read");
        }
    }

    /** Writes the lease where there is none; empty where another replica wrote one first. */
    public Optional<String> create(AuditLease lease) {
        return write(lease, null);
    }

    /** Writes the lease over the one read; empty where another replica changed it since. */
    public Optional<String> replace(AuditLease lease, String eTag) {
        return write(lease, eTag);
    }

    private Optional<String> write(AuditLease lease, String eTag) {
        try {
            return Optional.of(s3.putObject(r -> r.bucket(bucket).key(KEY).contentType("application/json")
                            .ifMatch(eTag).ifNoneMatch(eTag == null ? "*" : null),
                    RequestBody.fromString(lease.json(), StandardCharsets.UTF_8)).eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return Optional.empty();
            }
            throw naming(e, "cannot be written");
        }
    }

    /** S3's answer as it came, naming the lease it was about. */
    private S3Exception naming(S3Exception e, String what) {
        String said = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : e.getMessage();
        return (S3Exception) e.toBuilder().message("the audit lease " + where() + " " + what + ": " + said).cause(e)
                .build();
    }
}
