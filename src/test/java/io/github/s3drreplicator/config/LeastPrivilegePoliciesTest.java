package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the IAM and resource policies of config/ may and may not allow. Whoever steals the replicator's role, or the
 * credentials of an audit, must not be able to empty DR.
 */
class LeastPrivilegePoliciesTest {

    private static final String DR = "${TARGET_BUCKET}";
    private static final String PRODUCTION = "${SOURCE_BUCKET}";
    private static final String STATE = "${STATE_BUCKET}";
    private static final String ROLE = "arn:aws:iam::${ACCOUNT_ID}:role/${ROLE_NAME}";
    private static final String QUEUE = "arn:aws:sqs:${SOURCE_REGION}:${ACCOUNT_ID}:${QUEUE_NAME}";
    /** What nothing in config/ may ever allow: erasing DR's history or loosening its protection. */
    private static final Set<String> NEVER_ALLOWED = Set.of("s3:DeleteObjectVersion", "s3:BypassGovernanceRetention",
            "s3:PutObjectRetention", "s3:PutBucketObjectLockConfiguration", "s3:PutBucketVersioning",
            "s3:PutLifecycleConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket");

    /** One allowed action on one resource. */
    record Grant(String action, String resource) {
    }

    @Test
    void everyPolicyFileIsAPolicyWithAVersionAndStatements() {
        List<String> files = policyFiles();
        assertThat(files).contains("replicator-role-policy-mirror.json", "replicator-role-policy-retain.json",
                "replicator-role-policy-delayed.json", "audit-policy.json", "audit-repair-policy.json",
                "audit-repair-via-queue-policy.json", "restore-policy.json", "dr-bucket-policy.json",
                "replicator-role-trust-policy.json", "state-bucket-policy.json",
                "replicator-role-policy-both-directions.json");
        for (String file : files) {
            JsonNode policy = ConfigFiles.read(file);
            assertThat(policy.path("Version").asText()).as(file).isEqualTo("2012-10-17");
            assertThat(policy.path("Statement").isArray()).as(file).isTrue();
            policy.path("Statement").forEach(statement -> {
                assertThat(statement.path("Effect").asText()).as("Effect in %s", file).isIn("Allow", "Deny");
                assertThat(statement.has("Sid")).as("every statement of %s says what it is for", file).isTrue();
            });
        }
    }

    @Test
    void noPolicyAllowsAWildcardActionOrResource() {
        for (String file : policyFiles()) {
            ConfigFiles.read(file).path("Statement").forEach(statement -> {
                if (statement.path("Effect").asText().equals("Allow")) {
                    assertThat(statement.has("NotAction")).as("NotAction in %s", file).isFalse();
                    assertThat(statement.has("NotResource")).as("NotResource in %s", file).isFalse();
                    assertThat(strings(statement.path("Action"))).as("actions allowed by %s", file)
                            .noneMatch(action -> action.contains("*"));
                    assertThat(strings(statement.path("Resource"))).as("resources of %s", file)
                            .noneMatch(resource -> resource.equals("*") || resource.endsWith(":*")
                                    || resource.equals("arn:aws:s3:::*"));
                }
            });
        }
    }

    @Test
    void noPolicyEverAllowsErasingDrHistoryOrLooseningItsProtection() {
        for (String file : policyFiles()) {
            assertThat(allowed(file)).as(file).extracting(Grant::action).doesNotContainAnyElementsOf(NEVER_ALLOWED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"retain", "delayed"})
    void aRoleThatKeepsDeletedCopiesCannotDeleteAnythingInDr(String mode) {
        assertThat(allowed("replicator-role-policy-" + mode + ".json"))
                .filteredOn(grant -> grant.resource().contains(DR))
                .extracting(Grant::action)
                .noneMatch(action -> action.startsWith("s3:DeleteObject"))
                .isNotEmpty();
    }

    @Test
    void eachDeleteModeGetsExactlyTheDrActionsItUses() {
        // tags go to the version seen, where DR keeps versions (PutObjectVersionTagging)
        Set<String> shared = Set.of("s3:ListBucket", "s3:PutObject", "s3:PutObjectTagging", "s3:PutObjectVersionTagging",
                "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:GetObject", "s3:GetObjectTagging");
        assertThat(drActions("replicator-role-policy-retain.json")).isEqualTo(new TreeSet<>(shared));
        assertThat(drActions("replicator-role-policy-mirror.json")).isEqualTo(with(shared, "s3:DeleteObject"));
        // delayed copies DR's copy onto itself, naming its version: on a versioned bucket that needs GetObjectVersion
        assertThat(drActions("replicator-role-policy-delayed.json")).isEqualTo(with(shared, "s3:GetObjectVersion"));
    }

    @Test
    void theReplicatorRoleOnlyReadsProduction() {
        for (String mode : List.of("mirror", "retain", "delayed")) {
            assertThat(allowed("replicator-role-policy-" + mode + ".json"))
                    .filteredOn(grant -> grant.resource().contains(PRODUCTION)).extracting(Grant::action)
                    .allMatch(LeastPrivilegePoliciesTest::reads);
        }
    }

    @Test
    void whereBothDirectionsRunTheRoleAlsoReadsBothBucketsVersionsAndNothingMore() {
        // which side was written last, and whether both keep versions (the start-up check)
        assertThat(allowed("replicator-role-policy-both-directions.json")).containsExactlyInAnyOrder(
                new Grant("s3:ListBucketVersions", "arn:aws:s3:::" + PRODUCTION),
                new Grant("s3:ListBucketVersions", "arn:aws:s3:::" + DR),
                new Grant("s3:GetBucketVersioning", "arn:aws:s3:::" + PRODUCTION),
                new Grant("s3:GetBucketVersioning", "arn:aws:s3:::" + DR));
    }

    @Test
    void auditAndRestorePoliciesTouchNoQueue() {
        for (String file : List.of("audit-policy.json", "audit-repair-policy.json", "restore-policy.json")) {
            assertThat(allowed(file)).as(file).extracting(Grant::action).noneMatch(action -> action.startsWith("sqs:"))
                    .allMatch(action -> action.startsWith("s3:"));
        }
    }

    @Test
    void auditOnlyReadsBothBuckets() {
        List<Grant> grants = allowed("audit-policy.json");
        assertThat(grants).extracting(Grant::action).allMatch(LeastPrivilegePoliciesTest::reads);
        assertThat(grants).extracting(Grant::resource).anyMatch(resource -> resource.contains(DR))
                .anyMatch(resource -> resource.contains(PRODUCTION));
    }

    @Test
    void auditRepairWritesOnlyIntoDrAndNeverDeletes() {
        List<Grant> grants = allowed("audit-repair-policy.json");
        assertThat(grants).filteredOn(grant -> !reads(grant.action())).isNotEmpty()
                .allMatch(grant -> grant.resource().contains(DR))
                .noneMatch(grant -> grant.action().startsWith("s3:Delete"));
        // on a versioned DR a repair marks (tags) the version it saw
        assertThat(grants).contains(new Grant("s3:PutObjectVersionTagging", "arn:aws:s3:::" + DR + "/*"));
    }

    @Test
    void auditRepairViaQueueReadsBothBucketsAndOnlySendsToTheReplicationQueue() {
        List<Grant> grants = allowed("audit-repair-via-queue-policy.json");
        assertThat(grants).filteredOn(grant -> grant.action().startsWith("s3:"))
                .extracting(Grant::action).allMatch(LeastPrivilegePoliciesTest::reads);
        assertThat(grants).filteredOn(grant -> !grant.action().startsWith("s3:")).containsExactlyInAnyOrder(
                new Grant("sqs:SendMessage", QUEUE), new Grant("sqs:GetQueueUrl", QUEUE));
        // the same reads as the audit's: the repairs are applied by the replicas, with their own role
        assertThat(grants).filteredOn(grant -> grant.action().startsWith("s3:"))
                .containsExactlyInAnyOrderElementsOf(allowed("audit-policy.json"));
    }

    @Test
    void restoreReadsDrAndWritesOnlyProduction() {
        List<Grant> grants = allowed("restore-policy.json");
        assertThat(grants).filteredOn(grant -> !reads(grant.action())).isNotEmpty()
                .allMatch(grant -> grant.resource().contains(PRODUCTION));
        assertThat(grants).filteredOn(grant -> grant.resource().contains(DR)).isNotEmpty()
                .extracting(Grant::action).allMatch(LeastPrivilegePoliciesTest::reads);
        // restore --as-of reads DR's versions and how long DR keeps them
        assertThat(grants).contains(new Grant("s3:ListBucketVersions", "arn:aws:s3:::" + DR),
                new Grant("s3:GetBucketVersioning", "arn:aws:s3:::" + DR),
                new Grant("s3:GetLifecycleConfiguration", "arn:aws:s3:::" + DR),
                new Grant("s3:GetObjectVersion", "arn:aws:s3:::" + DR + "/*"),
                new Grant("s3:GetObjectVersionTagging", "arn:aws:s3:::" + DR + "/*"));
    }

    @Test
    void restoreDeletesOnlyWhatItPrunesInProductionAndNeverAVersion() {
        assertThat(allowed("restore-policy.json")).filteredOn(grant -> grant.action().startsWith("s3:Delete"))
                .containsExactly(new Grant("s3:DeleteObject", "arn:aws:s3:::" + PRODUCTION + "/*"));
    }

    @Test
    void drBucketPolicyGrantsNoDeleteAndDeniesTheRoleErasingVersions() {
        assertThat(allowed("dr-bucket-policy.json")).extracting(Grant::action)
                .noneMatch(action -> action.startsWith("s3:Delete"));
        List<String> deniedToTheRole = new ArrayList<>();
        ConfigFiles.read("dr-bucket-policy.json").path("Statement").forEach(statement -> {
            if (statement.path("Effect").asText().equals("Deny")
                    && statement.path("Principal").path("AWS").asText().endsWith(":role/${ROLE_NAME}")) {
                deniedToTheRole.addAll(strings(statement.path("Action")));
            }
        });
        assertThat(deniedToTheRole).containsAll(NEVER_ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void theReplicatorRoleReadsAndWritesTheStateBucketAndNothingMore(String mode) {
        assertThat(allowed("replicator-role-policy-" + mode + ".json"))
                .filteredOn(grant -> grant.resource().contains(STATE))
                .containsExactlyInAnyOrder(new Grant("s3:ListBucket", "arn:aws:s3:::" + STATE),
                        new Grant("s3:GetObject", "arn:aws:s3:::" + STATE + "/*"),
                        // the start-up check writes a tagged scratch object and reads its tag count
                        new Grant("s3:GetObjectTagging", "arn:aws:s3:::" + STATE + "/*"),
                        new Grant("s3:PutObject", "arn:aws:s3:::" + STATE + "/*"),
                        new Grant("s3:PutObjectTagging", "arn:aws:s3:::" + STATE + "/*"),
                        new Grant("s3:DeleteObject", "arn:aws:s3:::" + STATE + "/*"));
    }

    @Test
    void auditAndRestoreHaveNoBusinessInTheStateBucket() {
        for (String file : List.of("audit-policy.json", "audit-repair-policy.json",
                "audit-repair-via-queue-policy.json", "restore-policy.json")) {
            assertThat(allowed(file)).as(file).noneMatch(grant -> grant.resource().contains(STATE));
        }
    }

    @Test
    void stateBucketPolicyLetsOnlyTheRoleInAndAdministratorsManageThePolicyAlone() {
        JsonNode policy = ConfigFiles.read("state-bucket-policy.json");
        List<JsonNode> allows = new ArrayList<>();
        List<JsonNode> denies = new ArrayList<>();
        policy.path("Statement").forEach(statement -> (statement.path("Effect").asText().equals("Allow") ? allows
                : denies).add(statement));

        assertThat(allows).isNotEmpty().allSatisfy(allow -> assertThat(allow.at("/Principal/AWS").asText())
                .isEqualTo(ROLE));
        assertThat(allowed("state-bucket-policy.json")).containsExactlyInAnyOrder(
                new Grant("s3:ListBucket", "arn:aws:s3:::" + STATE),
                new Grant("s3:GetObject", "arn:aws:s3:::" + STATE + "/*"),
                new Grant("s3:GetObjectTagging", "arn:aws:s3:::" + STATE + "/*"),
                new Grant("s3:PutObject", "arn:aws:s3:::" + STATE + "/*"),
                new Grant("s3:PutObjectTagging", "arn:aws:s3:::" + STATE + "/*"),
                new Grant("s3:DeleteObject", "arn:aws:s3:::" + STATE + "/*"));
        // every other principal: everything denied but reading and changing this policy (an administrator's way in)
        assertThat(denies).anySatisfy(deny -> {
            assertThat(deny.path("Principal").asText()).isEqualTo("*");
            assertThat(deny.has("Action")).isFalse();
            assertThat(strings(deny.path("NotAction"))).containsExactlyInAnyOrder("s3:GetBucketPolicy",
                    "s3:PutBucketPolicy", "s3:DeleteBucketPolicy");
            assertThat(strings(deny.path("Resource"))).containsExactlyInAnyOrder("arn:aws:s3:::" + STATE,
                    "arn:aws:s3:::" + STATE + "/*");
            assertThat(deny.at("/Condition/ArnNotEquals/aws:PrincipalArn").asText()).isEqualTo(ROLE);
        });
        // and the role itself may not loosen the bucket, even if someone gave it more
        assertThat(denies).anySatisfy(deny -> {
            assertThat(deny.at("/Principal/AWS").asText()).isEqualTo(ROLE);
            assertThat(strings(deny.path("Action"))).contains("s3:PutBucketPolicy", "s3:DeleteBucketPolicy",
                    "s3:DeleteBucket", "s3:PutBucketVersioning");
        });
        assertThat(denies).anySatisfy(deny -> {
            assertThat(deny.path("Principal").asText()).isEqualTo("*");
            assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
            assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
        });
    }

    // ---- helpers

    private static List<String> policyFiles() {
        return ConfigFiles.jsonFiles().stream().map(path -> ConfigFiles.CONFIG.relativize(path).toString())
                .filter(name -> ConfigFiles.read(name).has("Statement")).toList();
    }

    private static List<Grant> allowed(String file) {
        List<Grant> grants = new ArrayList<>();
        ConfigFiles.read(file).path("Statement").forEach(statement -> {
            if (statement.path("Effect").asText().equals("Allow")) {
                for (String action : strings(statement.path("Action"))) {
                    for (String resource : strings(statement.path("Resource"))) {
                        grants.add(new Grant(action, resource));
                    }
                }
            }
        });
        return grants;
    }

    private static Set<String> drActions(String file) {
        Set<String> actions = new TreeSet<>();
        allowed(file).stream().filter(grant -> grant.resource().contains(DR)).map(Grant::action).forEach(actions::add);
        return actions;
    }

    private static Set<String> with(Set<String> actions, String more) {
        Set<String> all = new TreeSet<>(actions);
        all.add(more);
        return all;
    }

    private static boolean reads(String action) {
        return action.startsWith("s3:Get") || action.startsWith("s3:List");
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isTextual()) {
            values.add(node.asText());
        } else {
            node.forEach(value -> values.add(value.asText()));
        }
        return values;
    }
}
