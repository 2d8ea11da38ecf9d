package io.github.s3drreplicator.config;

import static io.github.s3drreplicator.config.SettingType.account;
import static io.github.s3drreplicator.config.SettingType.bool;
import static io.github.s3drreplicator.config.SettingType.bucket;
import static io.github.s3drreplicator.config.SettingType.duration;
import static io.github.s3drreplicator.config.SettingType.durationAtLeast;
import static io.github.s3drreplicator.config.SettingType.durationOrOff;
import static io.github.s3drreplicator.config.SettingType.endpoint;
import static io.github.s3drreplicator.config.SettingType.integer;
import static io.github.s3drreplicator.config.SettingType.names;
import static io.github.s3drreplicator.config.SettingType.oneOf;
import static io.github.s3drreplicator.config.SettingType.queue;
import static io.github.s3drreplicator.config.SettingType.region;
import static io.github.s3drreplicator.config.SettingType.someOf;
import static io.github.s3drreplicator.config.SettingType.text;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.s3drreplicator.pair.DeleteMode;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Every {@code replicator.*} setting, in the order the README lists them. The defaults live here and nowhere else:
 * {@link #defaults()} hands them to Camel as its initial properties, below {@code application.properties}, the
 * environment and {@code -D} options, so that the YAML routes' placeholders resolve.
 */
public final class Settings {

    // What to replicate, where to: the pair called "default"
    public static final Setting<String> SOURCE_BUCKET = Setting.of("replicator.source.bucket", "prod-bucket", bucket(),
            "The production bucket: the only bucket ever copied from");
    public static final Setting<String> SOURCE_REGION = Setting.of("replicator.source.region", "us-east-1", region(),
            "Its region (and the queue's, unless `replicator.sqs.region` says otherwise)");
    public static final Setting<String> TARGET_BUCKET = Setting.of("replicator.target.bucket", "dr-bucket", bucket(),
            "The disaster-recovery bucket");
    public static final Setting<String> TARGET_REGION = Setting.of("replicator.target.region", "us-east-2", region(),
            "Its region: copies and deletes are sent there");
    public static final Setting<String> SOURCE_PREFIX = Setting.of("replicator.source.prefix", "", text(),
            "Only keys with this prefix, as a notification filter would select them");
    public static final Setting<String> SOURCE_SUFFIX = Setting.of("replicator.source.suffix", "", text(),
            "Only keys with this suffix");
    public static final Setting<List<String>> PAIRS = Setting.of("replicator.pairs", "default", names(),
            "Bucket pairs, by name, in order of priority; `default` is the pair of these single-pair properties,"
                    + " others are `replicator.pair.N.*` ([docs/pairs.md](docs/pairs.md))");
    public static final Setting<String> QUEUE = Setting.of("replicator.queue", "prod-bucket-events", queue(),
            "The SQS queue receiving the source bucket's event notifications");
    public static final Setting<String> DEAD_LETTER_QUEUE = Setting.of("replicator.dead-letter-queue",
            "prod-bucket-events-dlq", queue(), "Where unprocessable messages go, with the reason as attributes");
    public static final Setting<String> HELD_DELETES_QUEUE = Setting.of("replicator.held-deletes-queue",
            "prod-bucket-events-held-deletes", queue(), "Where the breaker parks the deletes it holds (and, with the overwrite guard on, the copies)");
    public static final Setting<String> STATE_BUCKET = Setting.of("replicator.state.bucket", "s3-dr-replicator-state",
            bucket(), "The replicator's own bucket, in the DR region (`replicator.target.region`), where the delete"
                    + " breaker keeps each pair's state and the scheduled audit its lease; never a pair's source or DR"
                    + " bucket ([docs/deletes.md](docs/deletes.md))");

    // Deletes
    public static final Setting<DeleteMode> DELETE_MODE = Setting.of("replicator.delete.mode", "mirror",
            oneOf(DeleteMode.class), "What DR does when production deletes: `mirror` (delete), `retain` (keep,"
                    + " tagged), `delayed` (keep, tagged, expired by a lifecycle rule) ([docs/deletes.md](docs/deletes.md))");
    public static final Setting<Integer> DELETE_DELAY = Setting.of("replicator.delete.delay", "30",
            integer(1, 36500), "For `delayed`: days until the DR bucket's lifecycle rule expires the kept copy");
    public static final Setting<Integer> BREAKER_MAX_PER_MINUTE = Setting.of(
            "replicator.delete.breaker.max-per-minute", "1000", integer(0, Integer.MAX_VALUE),
            "Deletes one pair may apply within any 60 seconds, all replicas together, counted alone (writes never"
                    + " dilute them) and exactly; beyond, the breaker holds deletes until an operator decides; 0: no"
                    + " limit a minute ([docs/deletes.md](docs/deletes.md))");
    public static final Setting<Integer> BREAKER_MAX_PER_HOUR = Setting.of(
            "replicator.delete.breaker.max-per-hour", "10000", integer(0, Integer.MAX_VALUE),
            "Deletes one pair may apply within an hour, all replicas together: stops a slow drip the minute's"
                    + " limit lets through (999 a minute are 1.4 million a day); 0: no budget an hour. With"
                    + " `max-per-minute` and `max-percent-of-dr` at 0 too, the breaker is off");
    public static final Setting<Integer> BREAKER_MAX_PERCENT_OF_DR = Setting.of(
            "replicator.delete.breaker.max-percent-of-dr", "0", integer(0, 100),
            "Deletes one pair may apply within a minute as a percentage of its objects in DR, counted by the last"
                    + " scheduled audit; with `max-per-minute` too, the smaller applies; 0 turns it off");
    public static final Setting<Integer> OVERWRITE_BREAKER_MAX_PER_MINUTE = Setting.of(
            "replicator.overwrite.breaker.max-per-minute", "0", integer(0, Integer.MAX_VALUE),
            "Copies replacing an object DR already holds that one pair may apply within any 60 seconds, all replicas"
                    + " together (ransomware encrypting in place); beyond, the breaker holds them, and DR keeps its"
                    + " current versions, until an operator decides; 0 turns the overwrite guard off"
                    + " ([docs/deletes.md](docs/deletes.md#the-overwrite-guard))");

    // DR copies
    public static final Setting<String> TARGET_STORAGE_CLASS = Setting.of("replicator.target.storage-class", "",
            oneOf(StorageClass.knownValues().stream().map(StorageClass::toString).sorted().toList()),
            "Storage class of DR copies, e.g. `STANDARD_IA`, `GLACIER_IR` (empty: the bucket's default)");
    public static final Setting<String> TARGET_KMS_KEY_ID = Setting.of("replicator.target.kms-key-id", "", text(),
            "SSE-KMS key for DR copies (empty: the bucket's default encryption)");
    public static final Setting<Integer> MAX_ROUNDS = Setting.of("replicator.reconcile.max-rounds", "5",
            integer(1, 100), "Writes of one record that S3 refuses because the key changed meanwhile (each followed by"
                    + " a new look) before the record is retried later");
    public static final Setting<Integer> DELETION_SETTLE_SECONDS = Setting.of(
            "replicator.reconcile.deletion-settle-seconds", "3", integer(0, 300),
            "Where both directions run: how long a deletion that beats an object by its date alone must have stood"
                    + " before it is applied (the record pauses once, then looks again); 0 applies it at once");

    // AWS
    public static final Setting<URI> S3_ENDPOINT = Setting.optional("replicator.s3.endpoint", endpoint(),
            "An S3-compatible endpoint (unset: AWS): the sandbox, LocalStack, MinIO");
    public static final Setting<Boolean> S3_PATH_STYLE = Setting.of("replicator.s3.path-style", "false", bool(),
            "Path-style addressing, which S3-compatible servers usually need");
    public static final Setting<URI> SQS_ENDPOINT = Setting.optional("replicator.sqs.endpoint", endpoint(),
            "An SQS-compatible endpoint (unset: AWS)");
    public static final Setting<String> SQS_REGION = Setting.optional("replicator.sqs.region", region(),
            "The queue's region (unset: the source region)");
    public static final Setting<String> ACCOUNT_ID = Setting.optional("replicator.aws.account-id", account(),
            "The queues' owner; when set, queue URLs are looked up with `sqs:GetQueueUrl` only (least privilege)");
    public static final Setting<String> SOURCE_ACCOUNT = Setting.optional("replicator.source.account-id", account(),
            "The account that must own the source bucket, named on every request to it (ExpectedBucketOwner; unset:"
                    + " `replicator.aws.account-id`)");
    public static final Setting<String> TARGET_ACCOUNT = Setting.optional("replicator.target.account-id", account(),
            "The account that must own the DR bucket (unset: `replicator.aws.account-id`): a DR bucket deleted and"
                    + " created again in another account answers 403 instead of receiving production data");
    public static final Setting<Integer> MAX_CONNECTIONS = Setting.of("replicator.aws.max-connections", "50",
            integer(1, 10000), "HTTP connections per AWS client");

    // Consuming the queue
    public static final Setting<Integer> WAIT_TIME_SECONDS = Setting.of("replicator.sqs.wait-time-seconds", "20",
            integer(0, 20), "SQS long polling");
    public static final Setting<Integer> CONCURRENT_CONSUMERS = Setting.of("replicator.sqs.concurrent-consumers", "4",
            integer(1, 1000), "Pollers, each taking up to 10 messages a poll");
    public static final Setting<Integer> WORKERS = Setting.of("replicator.workers", "16", integer(1, 10000),
            "Messages one replica works on at once");
    public static final Setting<Integer> VISIBILITY_TIMEOUT_SECONDS = Setting.of(
            "replicator.sqs.visibility-timeout-seconds", "120", integer(2, 43200),
            "How long a received message stays hidden from other consumers");
    public static final Setting<Boolean> EVENTBRIDGE_KEYS_URL_ENCODED = Setting.of(
            "replicator.eventbridge.keys-url-encoded", "false", bool(),
            "Whether EventBridge events carry URL-encoded keys (observed: they do not)");
    public static final Setting<Integer> DEAD_LETTER_MAX_BODY_BYTES = Setting.of(
            "replicator.dead-letter.max-body-bytes", "200000", integer(1024, 262144),
            "Dead-lettered bodies are cut to this, to stay under SQS's size limit");

    // Outages
    public static final Setting<Integer> OUTAGE_PROBE_SECONDS = Setting.of("replicator.outage.probe-interval-seconds",
            "5", integer(1, 3600), "How often the service asks every pair's buckets what they answer (HeadBucket),"
                    + " idle or not, and so how soon an outage, a 403 or a missing bucket shows; during an outage,"
                    + " messages in flight go back to the queue after as long"
                    + " ([docs/operations.md](docs/operations.md#bucket-probes))");

    // The drift audit inside the service
    public static final Setting<String> AUDIT_SCHEDULE = Setting.of("replicator.audit.schedule", "off",
            durationOrOff(), "Run the drift audit inside the service this often (`6h`); `off` never");
    public static final Setting<String> AUDIT_FIRST_DELAY = Setting.of("replicator.audit.first-delay", "60s",
            duration(), "How long after the start the scheduled audit first runs");
    public static final Setting<java.time.Duration> AUDIT_LEASE_DURATION = Setting.of(
            "replicator.audit.lease-duration", "2m", durationAtLeast(java.time.Duration.ofSeconds(1), "1s"),
            "How long the scheduled audit's lease (in the state bucket) lasts unless renewed: one replica of the"
                    + " cluster audits, renewing it every third of this; another takes over at its next scheduled run"
                    + " once a dead holder's lease lapsed ([docs/audit.md](docs/audit.md#inside-the-service))");
    public static final Setting<Boolean> AUDIT_REPAIR = Setting.of("replicator.audit.repair", "false", bool(),
            "Whether the scheduled audit repairs what it finds");
    public static final Setting<Integer> AUDIT_PARALLELISM = Setting.of("replicator.audit.parallelism", "8",
            integer(1, 1000), "Keys repaired at once by an audit");
    public static final Setting<Integer> AUDIT_LOOK_PARALLELISM = Setting.of("replicator.audit.look-parallelism",
            "32", integer(1, 1000), "Keys an audit looks at at once (HeadObject, GetObjectTagging on both sides);"
                    + " keep it and `replicator.audit.parallelism` together below `replicator.aws.max-connections`");

    // What the service checks of the store when it starts (guarantee/GuaranteeCheck)
    public static final Setting<List<String>> ACCEPT_RISKS = Setting.optional("replicator.accept-risks",
            someOf(java.util.Arrays.stream(io.github.s3drreplicator.guarantee.Guarantee.values())
                    .map(io.github.s3drreplicator.guarantee.Guarantee::risk).toList()),
            "Guarantees the service may start without, their risk accepted: `unenforced-conditions` (a store that"
                    + " carries out writes whose `If-Match` / `If-None-Match` fails), `unreported-tag-counts` (a store"
                    + " whose HeadObject does not say how many tags an object has), `unversioned-buckets` (both"
                    + " directions on buckets that keep no versions); unset: the service stops (exit status 2) when"
                    + " one is missing ([docs/convergence.md](docs/convergence.md#what-the-service-checks-when-it-starts))");

    // Retries
    public static final Setting<Integer> MAX_REDELIVERIES = Setting.of("replicator.retry.max-redeliveries", "3",
            integer(0, 100), "Camel's retries of a transient AWS failure, on top of the SDK's own");
    public static final Setting<Integer> RETRY_INITIAL_DELAY_MS = Setting.of("replicator.retry.initial-delay-ms",
            "500", integer(0, 3_600_000), "Their exponential backoff: the first delay");
    public static final Setting<Integer> RETRY_MAX_DELAY_MS = Setting.of("replicator.retry.max-delay-ms", "10000",
            integer(0, 3_600_000), "Their exponential backoff: the longest delay");

    /** Every setting, in README order. */
    public static final List<Setting<?>> ALL = List.of(SOURCE_BUCKET, SOURCE_REGION, TARGET_BUCKET, TARGET_REGION,
            SOURCE_PREFIX, SOURCE_SUFFIX, PAIRS, QUEUE, DEAD_LETTER_QUEUE, HELD_DELETES_QUEUE, STATE_BUCKET,
            DELETE_MODE, DELETE_DELAY, BREAKER_MAX_PER_MINUTE, BREAKER_MAX_PERCENT_OF_DR, BREAKER_MAX_PER_HOUR,
            OVERWRITE_BREAKER_MAX_PER_MINUTE, S3_ENDPOINT, S3_PATH_STYLE, SQS_ENDPOINT,
            SQS_REGION, ACCOUNT_ID, SOURCE_ACCOUNT, TARGET_ACCOUNT, MAX_CONNECTIONS, WAIT_TIME_SECONDS, CONCURRENT_CONSUMERS, WORKERS,
            VISIBILITY_TIMEOUT_SECONDS, TARGET_STORAGE_CLASS, TARGET_KMS_KEY_ID, MAX_ROUNDS,
            DELETION_SETTLE_SECONDS,
            EVENTBRIDGE_KEYS_URL_ENCODED, DEAD_LETTER_MAX_BODY_BYTES, OUTAGE_PROBE_SECONDS, AUDIT_SCHEDULE,
            AUDIT_FIRST_DELAY, AUDIT_LEASE_DURATION, AUDIT_REPAIR, AUDIT_PARALLELISM, AUDIT_LOOK_PARALLELISM, ACCEPT_RISKS,
            MAX_REDELIVERIES,
            RETRY_INITIAL_DELAY_MS, RETRY_MAX_DELAY_MS);

    /**
     * What a named pair N may set as {@code replicator.pair.N.<suffix>}: the single-pair setting of the same suffix
     * says its type, and is its fallback where the pair does not say (the buckets and filters excepted).
     */
    public static final List<Setting<?>> PER_PAIR = List.of(SOURCE_BUCKET, SOURCE_REGION, SOURCE_PREFIX,
            SOURCE_SUFFIX, TARGET_BUCKET, TARGET_REGION, TARGET_STORAGE_CLASS, TARGET_KMS_KEY_ID, DELETE_MODE,
            DELETE_DELAY, BREAKER_MAX_PER_MINUTE, BREAKER_MAX_PERCENT_OF_DR, BREAKER_MAX_PER_HOUR,
            OVERWRITE_BREAKER_MAX_PER_MINUTE, SOURCE_ACCOUNT, TARGET_ACCOUNT);

    public static final String PAIR_PREFIX = "replicator.pair.";

    private Settings() {
    }

    /** The defaults, as Camel's initial properties: the lowest of its sources. */
    public static Properties defaults() {
        Properties defaults = new Properties();
        for (Setting<?> setting : ALL) {
            if (setting.defaultValue() != null) {
                defaults.setProperty(setting.key(), setting.defaultValue());
            }
        }
        return defaults;
    }

    /** A setting by its key. */
    public static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        ALL.forEach(setting -> byKey.put(setting.key(), setting));
        return byKey;
    }

    /** The suffix a per-pair key shares with its single-pair setting: {@code source.bucket}. */
    public static String pairSuffix(Setting<?> setting) {
        return setting.key().substring("replicator.".length());
    }
}
