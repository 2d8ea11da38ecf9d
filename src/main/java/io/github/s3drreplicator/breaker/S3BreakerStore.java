package io.github.s3drreplicator.breaker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.s3drreplicator.pair.BucketPair;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Where a pair's delete breaker lives: one object of the state bucket ({@code replicator.state.bucket}, in the DR
 * region), {@value #KEY_PREFIX}{@code <pair>.json}, which every replica (and the {@code breaker} command) reads and
 * changes with S3's conditional writes. A change names the ETag it read (or that there was none); when another replica
 * changed the object in between, S3 refuses (412) and the change is made again on what is there now. So counts add up
 * across replicas, and an opening is never lost, nor undone by a replica that had not seen it.
 *
 * <p>The state bucket is no pair's bucket (the settings refuse that): nothing of the replicator's is mirrored, audited,
 * restored, or seen among the user's objects. Only S3's NoSuchKey reads as "no state"; a 403 (which S3 also answers
 * for a missing key where ListBucket is not granted), a body that is not the state's JSON, or any other error is
 * thrown, with the state's place in the message.
 */
public class S3BreakerStore implements BreakerStore {

    /** The states' keys in the state bucket. */
    public static final String KEY_PREFIX = "delete-breaker/";

    private static final int ATTEMPTS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;
    private final BucketPair pair;

    /** @param stateRegion the S3 client of the state bucket's region (the DR region) */
    public S3BreakerStore(S3Client stateRegion, String bucket, BucketPair pair) {
        this.s3 = stateRegion;
        this.bucket = bucket;
        this.pair = pair;
    }

    public String key() {
        return KEY_PREFIX + pair.name() + ".json";
    }

    @Override
    public String where() {
        return "s3://" + bucket + "/" + key();
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
                s3.putObject(r -> r.bucket(bucket).key(key()).contentType("application/json")
                                .ifMatch(stored.map(Stored::eTag).orElse(null))
                                .ifNoneMatch(stored.isPresent() ? null : "*"),
                        RequestBody.fromBytes(body));
                return after;
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) {
                    throw naming(e, "cannot be written");
                }
                // another replica changed it: again, on what is there now
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the delete breaker's state (" + where() + ") kept changing under "
                + ATTEMPTS + " attempts to change it");
    }

    private record Stored(BreakerState state, String eTag) {
    }

    private Optional<Stored> readWithETag() {
        try {
            var response = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key()));
            return Optional.of(new Stored(parse(response.asString(StandardCharsets.UTF_8), where()),
                    response.response().eTag()));
        } catch (NoSuchKeyException none) {
            return Optional.empty();
        } catch (S3Exception e) {
            throw naming(e, "cannot be read");
        }
    }

    /**
     * The state, from the JSON the replicator writes; anything else is unreadable, never a default.
     *
     * @throws UnreadableBreakerStateException naming {@code where}, for a body of any other shape
     */
    static BreakerState parse(String body, String where) {
        try {
            JsonNode json = JSON.readTree(body);
            // the counts as written now, or the sliding count of earlier versions (read once, then written anew)
            boolean ours = json != null && json.isObject() && json.path("open").isBoolean()
                    && (json.path("deleteCounts").isObject() || json.path("windowStart").isIntegralNumber())
                    && (!json.path("open").asBoolean() || json.path("storm").isTextual());
            if (ours) {
                return JSON.treeToValue(json, BreakerState.class);
            }
        } catch (IOException e) {
            // the same answer as for JSON of another shape
        }
        throw new UnreadableBreakerStateException("the delete breaker's state " + where + " is not the JSON the"
                + " replicator writes: " + (body.length() > 80 ? body.substring(0, 80) + "..." : body));
    }

    /** S3's answer as it came (its status and code decide retry or dead letter), naming the state it was about. */
    private S3Exception naming(S3Exception e, String what) {
        AwsErrorDetails details = e.awsErrorDetails();
        String message = "the delete breaker's state " + where() + " " + what + ": "
                + (details != null && details.errorMessage() != null ? details.errorMessage() : e.getMessage());
        return (S3Exception) e.toBuilder()
                .message(message)
                .awsErrorDetails(details == null ? null : details.toBuilder().errorMessage(message).build())
                .cause(e)
                .build();
    }
}
