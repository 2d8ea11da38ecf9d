package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CloudFormation template and config/'s JSON files are one source: every document the template creates, rendered
 * with config/'s placeholders, equals its JSON file as shipped. Change one, and this fails until the other follows.
 * Values are compared as text, so that 5 and "5" (CloudFormation turns both into the same API value) are equal.
 */
class CloudFormationTemplateTest {

    private static final CloudFormationTemplate TEMPLATE = CloudFormationTemplate.read();
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- the replicator's role

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void replicatorRolePolicyOfEachDeleteModeIsItsConfigFile(String mode) {
        var stack = TEMPLATE.with(Map.of("Side", "dr", "DeleteMode", mode));
        JsonNode policies = stack.property("ReplicatorRole", "Policies");
        assertThat(policies).hasSize(1);
        assertThat(textual(policies.get(0).get("PolicyDocument")))
                .isEqualTo(textual(ConfigFiles.read("replicator-role-policy-" + mode + ".json")));
    }

    @Test
    void replicatorRoleIsAssumableOnlyAsTheTrustPolicyFileSays() throws IOException {
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        JsonNode trust = stack.property("ReplicatorRole", "AssumeRolePolicyDocument");
        // a JSON string in the template, because its condition keys hold the OIDC provider
        assertThat(trust.isTextual()).isTrue();
        assertThat(textual(JSON.readTree(trust.asText())))
                .isEqualTo(textual(ConfigFiles.read("replicator-role-trust-policy.json")));
    }

    @Test
    void auditAuditRepairAndRestorePoliciesAreTheirConfigFiles() {
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        for (var policy : Map.of("AuditPolicy", "audit-policy.json", "AuditRepairPolicy", "audit-repair-policy.json",
                "AuditRepairViaQueuePolicy", "audit-repair-via-queue-policy.json",
                "RestorePolicy", "restore-policy.json").entrySet()) {
            assertThat(textual(stack.property(policy.getKey(), "PolicyDocument"))).as(policy.getKey())
                    .isEqualTo(textual(ConfigFiles.read(policy.getValue())));
        }
    }

    // ---- the DR bucket

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void drBucketPolicyIsItsConfigFileInEveryDeleteMode(String mode) {
        var stack = TEMPLATE.with(Map.of("Side", "dr", "DeleteMode", mode));
        assertThat(textual(stack.property("TargetBucketPolicy", "PolicyDocument")))
                .isEqualTo(textual(ConfigFiles.read("dr-bucket-policy.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void drBucketLifecycleIsTheVersionedConfigFileOfItsDeleteMode(String mode) {
        var stack = TEMPLATE.with(Map.of("Side", "dr", "DeleteMode", mode));
        String file = mode.equals("delayed") ? "dr-bucket-lifecycle-versioned-delayed-deletes.json"
                : "dr-bucket-lifecycle-versioned.json";
        ArrayNode rules = JsonNodeFactory.instance.arrayNode();
        stack.property("NewTargetBucket", "LifecycleConfiguration").get("Rules")
                .forEach(rule -> rules.add(asTheS3ApiSpellsIt(rule)));
        assertThat(textual(JsonNodeFactory.instance.objectNode().set("Rules", rules)))
                .isEqualTo(textual(ConfigFiles.read(file)));
    }

    @Test
    void drBucketIsVersioned() {
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        assertThat(textual(stack.property("NewTargetBucket", "VersioningConfiguration")))
                .isEqualTo(textual(ConfigFiles.read("dr-bucket-versioning.json")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "GOVERNANCE", "COMPLIANCE"})
    void drBucketIsVersionedWhateverElseIsAsked(String objectLock) {
        for (String mode : List.of("mirror", "retain", "delayed")) {
            var stack = TEMPLATE.with(Map.of("Side", "dr", "DeleteMode", mode, "ObjectLockMode", objectLock));
            assertThat(stack.property("NewTargetBucket", "VersioningConfiguration").path("Status").asText())
                    .as("%s, Object Lock %s", mode, objectLock).isEqualTo("Enabled");
        }
        // no condition anywhere on it: a plain value in the template itself
        assertThat(TEMPLATE.resource("NewTargetBucket").at("/Properties/VersioningConfiguration").toString())
                .isEqualTo("{\"Status\":\"Enabled\"}");
    }

    @Test
    void theRecoveryWindowIsAParameterOfThirtyDaysThatExpiresReplacedVersions() {
        assertThat(TEMPLATE.root().at("/Parameters/NoncurrentDays/Default").asText()).isEqualTo("30");
        assertThat(TEMPLATE.root().at("/Parameters/NoncurrentDays/Description").asText())
                .contains("recovery window", "restore --as-of");
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        List<String> windows = new java.util.ArrayList<>();
        stack.property("NewTargetBucket", "LifecycleConfiguration").get("Rules")
                .forEach(rule -> windows.add(rule.at("/NoncurrentVersionExpiration/NoncurrentDays").asText()));
        assertThat(windows).containsOnlyOnce("${NONCURRENT_DAYS}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GOVERNANCE", "COMPLIANCE"})
    void objectLockOfANewDrBucketIsItsConfigFile(String mode) {
        var stack = TEMPLATE.with(Map.of("Side", "dr", "ObjectLockMode", mode));
        assertThat(stack.property("NewTargetBucket", "ObjectLockEnabled").asBoolean()).isTrue();
        assertThat(textual(stack.property("NewTargetBucket", "ObjectLockConfiguration")))
                .isEqualTo(textual(ConfigFiles.read("dr-bucket-object-lock.json")));
    }

    @Test
    void objectLockStaysOffUnlessAsked() {
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        assertThat(stack.property("NewTargetBucket", "ObjectLockEnabled").isMissingNode()).isTrue();
        assertThat(stack.property("NewTargetBucket", "ObjectLockConfiguration").isMissingNode()).isTrue();
    }

    // ---- the state bucket

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void stateBucketPolicyIsItsConfigFileInEveryDeleteMode(String mode) {
        var stack = TEMPLATE.with(Map.of("Side", "dr", "DeleteMode", mode));
        assertThat(textual(stack.property("StateBucketPolicy", "PolicyDocument")))
                .isEqualTo(textual(ConfigFiles.read("state-bucket-policy.json")));
        assertThat(stack.property("StateBucketPolicy", "Bucket").asText()).isEqualTo("Ref(NewStateBucket)");
    }

    @Test
    void stateBucketIsUnversionedEncryptedPrivateAndOwnedByItsAccount() {
        var stack = TEMPLATE.with(Map.of("Side", "dr"));
        assertThat(stack.property("NewStateBucket", "BucketName").asText()).isEqualTo("${STATE_BUCKET}");
        assertThat(stack.property("NewStateBucket", "VersioningConfiguration").isMissingNode())
                .as("each change of the breaker would leave a version").isTrue();
        assertThat(stack.property("NewStateBucket", "ObjectLockEnabled").isMissingNode()).isTrue();
        assertThat(stack.property("NewStateBucket", "BucketEncryption")
                .at("/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm").asText())
                .isEqualTo("AES256");
        JsonNode publicAccess = stack.property("NewStateBucket", "PublicAccessBlockConfiguration");
        for (String block : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                "RestrictPublicBuckets")) {
            assertThat(publicAccess.path(block).asBoolean()).as(block).isTrue();
        }
        assertThat(stack.property("NewStateBucket", "OwnershipControls").at("/Rules/0/ObjectOwnership").asText())
                .isEqualTo("BucketOwnerEnforced");
    }

    @Test
    void stateBucketIsOnTheDrSideAndNamedInItsOutputs() {
        assertThat(TEMPLATE.with(Map.of("Side", "dr", "CreateTargetBucket", "false")).resources())
                .contains("NewStateBucket", "StateBucketPolicy");
        assertThat(TEMPLATE.with(Map.of("Side", "source")).resources())
                .doesNotContain("NewStateBucket", "StateBucketPolicy");
        assertThat(TEMPLATE.root().at("/Outputs/StateBucketName/Condition").asText()).isEqualTo("IsDrSide");
        assertThat(TEMPLATE.root().at("/Outputs/StateBucketName/Description").asText())
                .isEqualTo(Settings.STATE_BUCKET.key());
    }

    @Test
    void aStackWhoseStateBucketIsAMirroredBucketIsRefused() {
        List<String> refused = new java.util.ArrayList<>();
        TEMPLATE.root().at("/Rules/StateBucketIsABucketOfItsOwn/Assertions")
                .forEach(assertion -> refused.add(assertion.path("Assert").toString()));
        assertThat(refused).hasSize(2).anyMatch(rule -> rule.contains("TargetBucket"))
                .anyMatch(rule -> rule.contains("SourceBucket")).allMatch(rule -> rule.contains("StateBucket"));
    }

    // ---- the queues and the notifications

    @Test
    void eventQueueHasTheAttributesOfItsConfigFile() throws IOException {
        var stack = TEMPLATE.with(Map.of("Side", "source"));
        ObjectNode properties = (ObjectNode) stack.render(TEMPLATE.resource("EventQueue").get("Properties"));
        assertThat(properties.remove("QueueName")).isEqualTo(TextNode.valueOf("${QUEUE_NAME}"));
        ObjectNode attributes = ConfigFiles.read("queue-attributes.json").deepCopy();
        // SQS takes the redrive policy as a JSON string, CloudFormation as an object
        attributes.set("RedrivePolicy", JSON.readTree(attributes.get("RedrivePolicy").asText()));
        assertThat(textual(properties)).isEqualTo(textual(attributes));
    }

    @Test
    void heldDeletesQueueHasTheAttributesOfItsConfigFile() throws IOException {
        var stack = TEMPLATE.with(Map.of("Side", "source"));
        ObjectNode properties = (ObjectNode) stack.render(TEMPLATE.resource("HeldDeletesQueue").get("Properties"));
        assertThat(properties.remove("QueueName")).isEqualTo(TextNode.valueOf("${HELD_QUEUE_NAME}"));
        assertThat(textual(properties)).isEqualTo(textual(ConfigFiles.read("held-queue-attributes.json")));
    }

    @Test
    void eventQueuePolicyIsItsConfigFile() {
        var stack = TEMPLATE.with(Map.of("Side", "source"));
        assertThat(textual(stack.property("EventQueuePolicy", "PolicyDocument")))
                .isEqualTo(textual(ConfigFiles.read("sqs-queue-policy.json")));
        assertThat(stack.property("EventQueuePolicy", "Queues")).containsExactly(TextNode.valueOf("Ref(EventQueue)"));
    }

    @Test
    void newSourceBucketNotifiesTheQueueAsTheNotificationConfigFileSays() {
        var stack = TEMPLATE.with(Map.of("Side", "source", "CreateSourceBucket", "true"));
        // CloudFormation spells it one event per entry; the S3 API one entry with a list of events
        Map<String, Set<String>> eventsByQueue = new LinkedHashMap<>();
        stack.property("NewSourceBucket", "NotificationConfiguration").get("QueueConfigurations")
                .forEach(entry -> eventsByQueue.computeIfAbsent(entry.get("Queue").asText(), queue -> new TreeSet<>())
                        .add(entry.get("Event").asText()));
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        ConfigFiles.read("bucket-notification-configuration.json").get("QueueConfigurations")
                .forEach(entry -> {
                    Set<String> events = new TreeSet<>();
                    entry.get("Events").forEach(event -> events.add(event.asText()));
                    expected.put(entry.get("QueueArn").asText(), events);
                });
        assertThat(eventsByQueue).isEqualTo(expected);
    }

    // ---- the two stacks

    @Test
    void theDrSideCreatesTheDrBucketAndWhoMayWriteIt() {
        assertThat(TEMPLATE.with(Map.of("Side", "dr")).resources()).containsExactlyInAnyOrder("NewTargetBucket",
                "TargetBucketPolicy", "NewStateBucket", "StateBucketPolicy", "ReplicatorRole", "AuditPolicy",
                "AuditRepairPolicy", "AuditRepairViaQueuePolicy", "RestorePolicy");
        var existingBucket = TEMPLATE.with(Map.of("Side", "dr", "CreateTargetBucket", "false"));
        assertThat(existingBucket.resources()).doesNotContain("NewTargetBucket").contains("TargetBucketPolicy");
        assertThat(existingBucket.property("TargetBucketPolicy", "Bucket").asText()).isEqualTo("${TARGET_BUCKET}");
    }

    @Test
    void theSourceSideCreatesTheQueuesAndOnlyWhenAskedTheSourceBucket() {
        assertThat(TEMPLATE.with(Map.of("Side", "source")).resources()).containsExactlyInAnyOrder("DeadLetterQueue",
                "HeldDeletesQueue", "EventQueue", "EventQueuePolicy");
        assertThat(TEMPLATE.with(Map.of("Side", "source", "CreateSourceBucket", "true")).resources())
                .contains("NewSourceBucket");
    }

    @Test
    void bucketsOutliveTheStack() {
        TEMPLATE.root().path("Resources").fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::S3::Bucket")) {
                assertThat(resource.getValue().path("DeletionPolicy").asText()).as(resource.getKey())
                        .isEqualTo("Retain");
                assertThat(resource.getValue().path("UpdateReplacePolicy").asText()).as(resource.getKey())
                        .isEqualTo("Retain");
            }
        });
    }

    @Test
    void everyOutputBelongsToTheSideOfWhatItNames() {
        TEMPLATE.root().path("Outputs").fields().forEachRemaining(output -> {
            String side = output.getValue().path("Condition").asText();
            assertThat(side).as("condition of output %s", output.getKey()).isIn("IsDrSide", "IsSourceSide");
            String value = output.getValue().path("Value").toString();
            TEMPLATE.root().path("Resources").fields().forEachRemaining(resource -> {
                if (value.contains("\"" + resource.getKey() + "\"")) {
                    assertThat(resource.getValue().path("Condition").asText())
                            .as("output %s names %s", output.getKey(), resource.getKey()).isEqualTo(side);
                }
            });
        });
    }

    @Test
    void parameterDefaultsAreTheReplicatorsOwnDefaults() {
        Map<String, Setting<?>> settingOf = Map.of("SourceBucket", Settings.SOURCE_BUCKET,
                "SourceRegion", Settings.SOURCE_REGION, "TargetBucket", Settings.TARGET_BUCKET,
                "TargetRegion", Settings.TARGET_REGION, "StateBucket", Settings.STATE_BUCKET, "QueueName", Settings.QUEUE,
                "DlqName", Settings.DEAD_LETTER_QUEUE, "HeldQueueName", Settings.HELD_DELETES_QUEUE,
                "DeleteMode", Settings.DELETE_MODE, "DeleteDelayDays", Settings.DELETE_DELAY);
        settingOf.forEach((parameter, setting) -> assertThat(
                TEMPLATE.root().path("Parameters").path(parameter).path("Default").asText())
                .as("default of %s", parameter).isEqualTo(setting.defaultValue()));
    }

    @Test
    void everyPlaceholderOfTheFilesTheTemplateMirrorsIsATemplateParameter() {
        Set<String> placeholders = new TreeSet<>();
        TEMPLATE.parameterNames().forEach(name -> placeholders.add(CloudFormationTemplate.placeholderOf(name)));
        placeholders.add("ACCOUNT_ID");
        for (String file : List.of("replicator-role-policy-mirror.json", "replicator-role-policy-retain.json",
                "replicator-role-policy-delayed.json", "replicator-role-trust-policy.json", "dr-bucket-policy.json",
                "state-bucket-policy.json",
                "dr-bucket-lifecycle-versioned.json", "dr-bucket-lifecycle-versioned-delayed-deletes.json",
                "dr-bucket-object-lock.json", "sqs-queue-policy.json", "queue-attributes.json",
                "held-queue-attributes.json", "bucket-notification-configuration.json", "audit-policy.json",
                "audit-repair-policy.json", "audit-repair-via-queue-policy.json", "restore-policy.json")) {
            assertThat(placeholders).as("template parameters for config/%s", file)
                    .containsAll(ConfigFiles.placeholders(file));
        }
    }

    // ---- helpers

    /** A lifecycle rule of AWS::S3::Bucket in the S3 API's spelling, as put-bucket-lifecycle-configuration takes it. */
    private static JsonNode asTheS3ApiSpellsIt(JsonNode rule) {
        ObjectNode api = JsonNodeFactory.instance.objectNode();
        api.set("ID", rule.get("Id"));
        api.set("Status", rule.get("Status"));
        ObjectNode filter = api.putObject("Filter");
        if (rule.has("TagFilters")) {
            assertThat(rule.get("TagFilters")).hasSize(1);
            filter.set("Tag", rule.get("TagFilters").get(0));
        } else {
            // a rule without Prefix or TagFilters applies to the whole bucket
            filter.set("Prefix", rule.has("Prefix") ? rule.get("Prefix") : TextNode.valueOf(""));
        }
        for (String same : List.of("AbortIncompleteMultipartUpload", "NoncurrentVersionExpiration")) {
            if (rule.has(same)) {
                api.set(same, rule.get(same));
            }
        }
        if (rule.has("ExpiredObjectDeleteMarker") || rule.has("ExpirationInDays")) {
            ObjectNode expiration = api.putObject("Expiration");
            if (rule.has("ExpiredObjectDeleteMarker")) {
                expiration.set("ExpiredObjectDeleteMarker", rule.get("ExpiredObjectDeleteMarker"));
            }
            if (rule.has("ExpirationInDays")) {
                expiration.set("Days", rule.get("ExpirationInDays"));
            }
        }
        Set<String> known = Set.of("Id", "Status", "Prefix", "TagFilters", "AbortIncompleteMultipartUpload",
                "NoncurrentVersionExpiration", "ExpiredObjectDeleteMarker", "ExpirationInDays");
        rule.fieldNames().forEachRemaining(name -> assertThat(known).as("lifecycle rule property").contains(name));
        return api;
    }

    /** The same tree with every number and boolean as text. */
    static JsonNode textual(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), textual(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(textual(element)));
            return copy;
        }
        return node.isValueNode() && !node.isNull() ? TextNode.valueOf(node.asText()) : node;
    }
}
