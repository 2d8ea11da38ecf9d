package io.github.s3drreplicator.breaker;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.pair.BucketPair;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where a pair's delete breaker lives: one object in the pair's DR bucket, under {@value #PREFIX}, which every replica
 * (and the {@code breaker} command) reads and changes with S3's conditional writes. A change names the ETag it read
 * (or that there was none); when another replica changed the object in between, S3 refuses (412) and the change is
 * made again on what is there now. So counts add up across replicas, and an opening is never lost, nor undone by a
 * replica that had not seen it. It needs nothing a replica does not already have: the DR bucket, PutObject on it.
 */
public class S3BreakerStore implements BreakerStore {

    private static final int ATTEMPTS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final BucketPair pair;

    public S3BreakerStore(S3Client targetRegion, BucketPair pair) {
        this.s3 = targetRegion;
        this.pair = pair;
    }

    public String key() {
        return PREFIX + "delete-breaker/" + pair.name() + ".json";
    }

    @Override
    public Optional<BreakerState> read() {
        return readWithETag().map(Stored::state);
    }

    @Override
    public BreakerState update(UnaryOperator<BreakerState> change) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Optional<Stored> stored = readWithETag();
            BreakerState before = stored.map(Stored::state).orElse(null);
            BreakerState after = change.apply(before);
            if (after == before) {
                return before;
            }
            try {
                byte[] body = JSON.writeValueAsBytes(after);
                s3.putObject(r -> r.bucket(pair.targetBucket()).key(key()).contentType("application/json")
                                .ifMatch(stored.map(Stored::eTag).orElse(null))
                                .ifNoneMatch(stored.isPresent() ? null : "*"),
                        RequestBody.fromBytes(body));
                return after;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw e;
                }
                // another replica changed it: again, on what is there now
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the delete breaker's state (" + key() + ") kept changing under "
                + ATTEMPTS + " attempts to change it");
    }

    private record Stored(BreakerState state, String eTag) {
    }

    private Optional<Stored> readWithETag() {
        try {
            var response = s3.getObjectAsBytes(r -> r.bucket(pair.targetBucket()).key(key()));
            return Optional.of(new Stored(JSON.readValue(response.asString(StandardCharsets.UTF_8),
                    BreakerState.class), response.response().eTag()));
        } catch (NoSuchKeyException none) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the delete breaker's state (" + key() + ") is not readable: "
                    + e.getMessage(), e);
        }
    }
}
