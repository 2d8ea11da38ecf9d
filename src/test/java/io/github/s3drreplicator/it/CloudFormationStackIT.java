package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.s3drreplicator.config.ConfigFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * config/cloudformation/s3-dr-replicator.yaml deployed with the AWS CLI, as config/README.md deploys it, to moto (an
 * AWS emulator written by other people than us), then the replicator run against what the stacks created.
 *
 * <p>moto's CloudFormation creates the buckets (name, region, encryption), the queues with their attributes, the role
 * with its trust and inline policies and the managed policies, but it skips AWS::S3::BucketPolicy and
 * AWS::SQS::QueuePolicy altogether and ignores a bucket's VersioningConfiguration, LifecycleConfiguration,
 * ObjectLockEnabled, ObjectLockConfiguration, NotificationConfiguration, PublicAccessBlockConfiguration and
 * OwnershipControls. Those the test applies with config/README.md's CLI steps, the ones for existing buckets, from
 * config/'s JSON files, which CloudFormationTemplateTest proves equal to the template's. moto does enforce the Deny
 * statements of a bucket policy on object requests, and it serves plain http, so the DR bucket policy's TLS deny
 * refuses every object request: the test sees that, then removes the policy (the state bucket's policy likewise). Two
 * more moto quirks: stacks
 * made by {@code cloudformation deploy} (a change set) report no Outputs, so the outputs are read from a stack made
 * with {@code create-stack}; and an inline role policy comes back as Python's repr of the document, with a
 * {@code None} where the template says {@code AWS::NoValue}.
 */
class CloudFormationStackIT {

    private static final Path TEMPLATE = ConfigFiles.CONFIG.resolve("cloudformation/s3-dr-replicator.yaml");
    private static final String SOURCE_REGION = "us-east-1";
    private static final String TARGET_REGION = "us-east-2";
    private static final String OIDC_PROVIDER = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    private static final String DR_STACK = "s3-dr-replicator-dr";
    private static final String SOURCE_STACK = "s3-dr-replicator-source";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoServer moto;
    private static AwsCli cli;
    private static String account;

    @BeforeAll
    static void startMoto(@TempDir Path workDir) throws Exception {
        assumeTrue(MotoServer.available(), "moto_server is not on the PATH");
        assumeTrue(AwsCli.available(), "the AWS CLI (aws) is not on the PATH");
        moto = MotoServer.start("cloudformation");
        cli = new AwsCli(moto.endpoint(), workDir);
        account = cli.json(SOURCE_REGION, "sts", "get-caller-identity").get("Account").asText();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @BeforeEach
    void forgetEverything() throws Exception {
        moto.reset();
    }

    @Test
    void stacksDeployedWithTheCliFeedTheReplicatorWhichMirrorsObjectsAndADelete() throws Exception {
        deploy(DR_STACK, TARGET_REGION, "Side=dr", "OidcProvider=" + OIDC_PROVIDER);
        deploy(SOURCE_STACK, SOURCE_REGION, "Side=source", "CreateSourceBucket=true");
        Map<String, String> dr = resources(DR_STACK, TARGET_REGION);
        Map<String, String> source = resources(SOURCE_STACK, SOURCE_REGION);
        String sourceBucket = source.get("NewSourceBucket");
        String targetBucket = dr.get("NewTargetBucket");
        String stateBucket = dr.get("NewStateBucket");
        String queue = lastSegment(source.get("EventQueue"));
        Map<String, String> values = values(sourceBucket, targetBucket, queue, lastSegment(source.get("DeadLetterQueue")),
                lastSegment(source.get("HeldDeletesQueue")), dr.get("ReplicatorRole"));
        values.put("STATE_BUCKET", stateBucket);

        // what moto's CloudFormation made as the template says
        assertThat(cli.json(TARGET_REGION, "s3api", "get-bucket-location", "--bucket", targetBucket)
                .path("LocationConstraint").asText()).isEqualTo(TARGET_REGION);
        assertThat(cli.json(SOURCE_REGION, "s3api", "get-bucket-location", "--bucket", sourceBucket)
                .path("LocationConstraint").isNull()).as("a bucket in us-east-1 has no location constraint").isTrue();
        assertThat(cli.json(TARGET_REGION, "s3api", "get-bucket-location", "--bucket", stateBucket)
                .path("LocationConstraint").asText()).as("the state bucket, beside DR").isEqualTo(TARGET_REGION);
        assertThat(cli.json(TARGET_REGION, "s3api", "get-bucket-encryption", "--bucket", stateBucket)
                .at("/ServerSideEncryptionConfiguration/Rules/0/ApplyServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).isEqualTo("AES256");
        assertThat(cli.json(TARGET_REGION, "s3api", "get-bucket-versioning", "--bucket", stateBucket)
                .path("Status").asText()).as("the state bucket is not versioned").isEmpty();
        assertQueueHasTheAttributesOfItsConfigFile(queue, values);
        JsonNode role = cli.json(SOURCE_REGION, "iam", "get-role", "--role-name", dr.get("ReplicatorRole"));
        assertThat(role.at("/Role/AssumeRolePolicyDocument"))
                .isEqualTo(JSON.readTree(ConfigFiles.fill("replicator-role-trust-policy.json", values)));

        // what moto's CloudFormation skips: the CLI steps of config/README.md
        cli.run(TARGET_REGION, "s3api", "put-bucket-versioning", "--bucket", targetBucket,
                "--versioning-configuration", filled("dr-bucket-versioning.json", values));
        cli.run(TARGET_REGION, "s3api", "put-bucket-lifecycle-configuration", "--bucket", targetBucket,
                "--lifecycle-configuration", filled("dr-bucket-lifecycle-versioned.json", values));
        cli.run(TARGET_REGION, "s3api", "put-object", "--bucket", targetBucket, "--key", "over-plain-http.txt");
        cli.run(TARGET_REGION, "s3api", "put-bucket-policy", "--bucket", targetBucket,
                "--policy", filled("dr-bucket-policy.json", values));
        assertThat(JSON.readTree(cli.json(TARGET_REGION, "s3api", "get-bucket-policy", "--bucket", targetBucket)
                .get("Policy").asText())).isEqualTo(JSON.readTree(ConfigFiles.fill("dr-bucket-policy.json", values)));
        // moto refuses object requests that a Deny of the bucket policy matches, and it serves plain http: the TLS
        // deny refuses them all. Seen once, the policy goes, so that the replicator can work over plain http.
        assertThatThrownBy(() -> cli.run(TARGET_REGION, "s3api", "head-object", "--bucket", targetBucket,
                "--key", "over-plain-http.txt")).hasMessageContaining("403");
        cli.run(TARGET_REGION, "s3api", "delete-bucket-policy", "--bucket", targetBucket);
        cli.run(TARGET_REGION, "s3api", "delete-object", "--bucket", targetBucket, "--key", "over-plain-http.txt");
        // the state bucket: what moto's CloudFormation skips (public access block, ownership), then its policy,
        // which denies plain http as DR's does, and so goes again once seen
        cli.run(TARGET_REGION, "s3api", "put-public-access-block", "--bucket", stateBucket,
                "--public-access-block-configuration",
                "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true");
        assertThat(cli.json(TARGET_REGION, "s3api", "get-public-access-block", "--bucket", stateBucket)
                .path("PublicAccessBlockConfiguration")).hasSize(4)
                .allSatisfy(block -> assertThat(block.asBoolean()).isTrue());
        cli.run(TARGET_REGION, "s3api", "put-bucket-ownership-controls", "--bucket", stateBucket,
                "--ownership-controls", "Rules=[{ObjectOwnership=BucketOwnerEnforced}]");
        cli.run(TARGET_REGION, "s3api", "put-object", "--bucket", stateBucket, "--key", "over-plain-http.txt");
        cli.run(TARGET_REGION, "s3api", "put-bucket-policy", "--bucket", stateBucket,
                "--policy", filled("state-bucket-policy.json", values));
        assertThat(JSON.readTree(cli.json(TARGET_REGION, "s3api", "get-bucket-policy", "--bucket", stateBucket)
                .get("Policy").asText())).isEqualTo(JSON.readTree(ConfigFiles.fill("state-bucket-policy.json",
                values)));
        assertThatThrownBy(() -> cli.run(TARGET_REGION, "s3api", "head-object", "--bucket", stateBucket,
                "--key", "over-plain-http.txt")).hasMessageContaining("403");
        cli.run(TARGET_REGION, "s3api", "delete-bucket-policy", "--bucket", stateBucket);
        cli.run(TARGET_REGION, "s3api", "delete-object", "--bucket", stateBucket, "--key", "over-plain-http.txt");
        String queueUrl = cli.json(SOURCE_REGION, "sqs", "get-queue-url", "--queue-name", queue).get("QueueUrl")
                .asText();
        ObjectNode policyAttribute = JSON.createObjectNode()
                .put("Policy", ConfigFiles.fill("sqs-queue-policy.json", values));
        cli.run(SOURCE_REGION, "sqs", "set-queue-attributes", "--queue-url", queueUrl,
                "--attributes", cli.file("sqs-queue-policy-attributes.json", policyAttribute.toString()));
        cli.run(SOURCE_REGION, "s3api", "put-bucket-notification-configuration", "--bucket", sourceBucket,
                "--notification-configuration", filled("bucket-notification-configuration.json", values));
        assertThat(cli.json(TARGET_REGION, "s3api", "get-bucket-versioning", "--bucket", targetBucket)
                .path("Status").asText()).isEqualTo("Enabled");
        assertThat(ruleIds(cli.json(TARGET_REGION, "s3api", "get-bucket-lifecycle-configuration",
                "--bucket", targetBucket))).isEqualTo(ruleIds(ConfigFiles.read("dr-bucket-lifecycle-versioned.json")));

        // the replicator, configured from the stacks
        StackEnvironment environment = new StackEnvironment(moto.endpoint(), Map.of(
                "replicator.source.bucket", sourceBucket, "replicator.source.region", SOURCE_REGION,
                "replicator.target.bucket", targetBucket, "replicator.target.region", TARGET_REGION,
                "replicator.state.bucket", stateBucket, "replicator.queue", queue, "replicator.dead-letter-queue", values.get("DLQ_NAME"),
                "replicator.held-deletes-queue", values.get("HELD_QUEUE_NAME"),
                "replicator.aws.account-id", account));
        // moto carries out CopyObjects whose conditions fail: accepted, as an operator of such a store would
        try (RunningReplicator replicator = RunningReplicator.start(environment,
                Map.of("replicator.accept-risks", "unenforced-conditions"));
             S3Client s3 = environment.s3Client()) {
            Map<String, String> objects = new LinkedHashMap<>();
            objects.put("reports/2026/€ summary #1.csv", "figures");
            objects.put("a+b=c.txt", "plus and equals");
            objects.put("plain.txt", "plain");
            objects.forEach((key, content) -> s3.putObject(r -> r.bucket(sourceBucket).key(key),
                    RequestBody.fromString(content)));
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> Buckets.assertMirrored(s3, ""));

            s3.deleteObject(r -> r.bucket(sourceBucket).key("plain.txt"));
            await().atMost(Duration.ofSeconds(120)).until(() -> s3.listObjectsV2(r -> r.bucket(targetBucket))
                    .contents().stream().noneMatch(object -> object.key().equals("plain.txt")));
            Buckets.assertMirrored(s3, "");
            // DR is versioned: the mirrored delete left a delete marker in front of the copy (moto sends an
            // ObjectTagging:Put with every PutObject, and ignores a copy's destination conditions: the creation and
            // that event, worked on at once, may copy the same version twice)
            var versions = s3.listObjectVersions(r -> r.bucket(targetBucket).prefix("plain.txt"));
            assertThat(versions.deleteMarkers()).hasSize(1);
            assertThat(versions.versions()).extracting(ObjectVersion::key).isNotEmpty()
                    .allMatch(key -> key.equals("plain.txt"));
            // the breaker counted the delete in the state bucket; DR, versions included, holds production's keys only
            assertThat(s3.listObjectsV2(r -> r.bucket(stateBucket)).contents()).extracting(S3Object::key)
                    .containsExactly("delete-breaker/default.json");
            // (and the test's own probe of the TLS deny, written straight into DR before the replicator ran)
            var everyVersion = s3.listObjectVersions(r -> r.bucket(targetBucket));
            assertThat(everyVersion.versions()).extracting(ObjectVersion::key)
                    .allMatch(key -> objects.containsKey(key) || key.equals("over-plain-http.txt"));
            assertThat(everyVersion.deleteMarkers()).extracting(DeleteMarkerEntry::key)
                    .containsExactlyInAnyOrder("plain.txt", "over-plain-http.txt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mirror", "retain", "delayed"})
    void theDrStackGivesTheRoleExactlyThePolicyOfItsDeleteMode(String mode) throws Exception {
        deploy(DR_STACK, TARGET_REGION, "Side=dr", "OidcProvider=" + OIDC_PROVIDER, "DeleteMode=" + mode);
        String roleName = resources(DR_STACK, TARGET_REGION).get("ReplicatorRole");
        JsonNode policy = policyDocument(cli.json(SOURCE_REGION, "iam", "get-role-policy", "--role-name", roleName,
                "--policy-name", "s3-dr-replicator").get("PolicyDocument"));
        assertThat(policy).isEqualTo(JSON.readTree(ConfigFiles.fill("replicator-role-policy-" + mode + ".json",
                values("prod-bucket", "dr-bucket", "prod-bucket-events", "prod-bucket-events-dlq",
                        "prod-bucket-events-held-deletes", roleName))));
        List<String> deletableIn = new ArrayList<>();
        policy.path("Statement").forEach(statement -> {
            if (statement.path("Action").toString().contains("s3:DeleteObject")) {
                deletableIn.add(statement.path("Resource").asText());
            }
        });
        assertThat(deletableIn.contains("arn:aws:s3:::dr-bucket/*")).as("the role may delete in DR")
                .isEqualTo(mode.equals("mirror"));
        assertThat(deletableIn).as("and in its state bucket, in every mode")
                .contains("arn:aws:s3:::s3-dr-replicator-state/*");
    }

    @Test
    void stackOutputsNameWhatK8sIsConfiguredWith() throws Exception {
        createStack(DR_STACK, TARGET_REGION, "Side=dr", "OidcProvider=" + OIDC_PROVIDER);
        createStack(SOURCE_STACK, SOURCE_REGION, "Side=source");
        Map<String, String> dr = outputs(DR_STACK, TARGET_REGION);
        Map<String, String> source = outputs(SOURCE_STACK, SOURCE_REGION);
        Path k8s = Path.of(System.getProperty("basedir", ".")).resolve("k8s");
        Properties deployed = new Properties();
        try (Reader reader = Files.newBufferedReader(k8s.resolve("application.properties"), StandardCharsets.UTF_8)) {
            deployed.load(reader);
        }

        assertThat(dr.get("ReplicatorRoleArn")).isEqualTo(yamlValue(k8s.resolve("serviceaccount.yaml"),
                "eks.amazonaws.com/role-arn"));
        assertThat(dr.get("TargetBucketName")).isEqualTo(deployed.getProperty("replicator.target.bucket").trim());
        assertThat(dr.get("TargetBucketRegion")).isEqualTo(TARGET_REGION);
        assertThat(dr.get("StateBucketName")).isEqualTo(deployed.getProperty("replicator.state.bucket").trim());
        assertThat(dr).containsKeys("AuditPolicyArn", "AuditRepairPolicyArn", "AuditRepairViaQueuePolicyArn",
                "RestorePolicyArn");
        assertThat(source.get("SourceBucketName")).isEqualTo(deployed.getProperty("replicator.source.bucket").trim());
        assertThat(source.get("SourceBucketRegion")).isEqualTo(SOURCE_REGION);
        assertThat(source.get("QueueNameOutput")).isEqualTo(deployed.getProperty("replicator.queue").trim());
        assertThat(source.get("DeadLetterQueueName"))
                .isEqualTo(deployed.getProperty("replicator.dead-letter-queue").trim());
        assertThat(source.get("HeldDeletesQueueName"))
                .isEqualTo(deployed.getProperty("replicator.held-deletes-queue").trim());
        assertThat(source.get("QueueOwnerAccountId")).isEqualTo(deployed.getProperty("replicator.aws.account-id").trim());
        assertThat(source.get("QueueUrl")).isEqualTo(yamlValue(k8s.resolve("scaledobject.yaml"), "queueURL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GOVERNANCE", "COMPLIANCE"})
    void objectLockedDrVersionsRefuseDeletionButStillTakeDeleteMarkers(String mode) throws Exception {
        deploy(DR_STACK, TARGET_REGION, "Side=dr", "OidcProvider=" + OIDC_PROVIDER, "ObjectLockMode=" + mode,
                "ObjectLockDays=1");
        String bucket = resources(DR_STACK, TARGET_REGION).get("NewTargetBucket");
        Map<String, String> values = new HashMap<>(values("prod-bucket", bucket, "q", "d", "h", "r"));
        values.put("OBJECT_LOCK_MODE", mode);
        values.put("OBJECT_LOCK_DAYS", "1");
        // moto's CloudFormation ignores ObjectLockEnabled and ObjectLockConfiguration: the CLI step for a bucket
        // that exists, versioning first
        cli.run(TARGET_REGION, "s3api", "put-bucket-versioning", "--bucket", bucket,
                "--versioning-configuration", filled("dr-bucket-versioning.json", values));
        cli.run(TARGET_REGION, "s3api", "put-object-lock-configuration", "--bucket", bucket,
                "--object-lock-configuration", filled("dr-bucket-object-lock.json", values));
        JsonNode retention = cli.json(TARGET_REGION, "s3api", "get-object-lock-configuration", "--bucket", bucket)
                .at("/ObjectLockConfiguration/Rule/DefaultRetention");
        assertThat(retention.path("Mode").asText()).isEqualTo(mode);
        assertThat(retention.path("Days").asInt()).isEqualTo(1);

        String version = cli.json(TARGET_REGION, "s3api", "put-object", "--bucket", bucket, "--key", "locked.txt",
                "--body", cli.file("locked.txt", "kept for a day").substring("file://".length()))
                .get("VersionId").asText();
        JsonNode head = cli.json(TARGET_REGION, "s3api", "head-object", "--bucket", bucket, "--key", "locked.txt");
        assertThat(head.path("ObjectLockMode").asText()).isEqualTo(mode);
        assertThat(head.path("ObjectLockRetainUntilDate").asText()).isNotEmpty();

        // a delete (mirror's, or the expiry of a kept copy) only adds a delete marker
        assertThat(cli.json(TARGET_REGION, "s3api", "delete-object", "--bucket", bucket, "--key", "locked.txt")
                .path("DeleteMarker").asBoolean()).isTrue();
        // the version behind it cannot be deleted, whoever asks
        assertThatThrownBy(() -> cli.run(TARGET_REGION, "s3api", "delete-object", "--bucket", bucket,
                "--key", "locked.txt", "--version-id", version)).hasMessageContaining("AccessDenied");
        if (mode.equals("GOVERNANCE")) {
            // except by a principal allowed s3:BypassGovernanceRetention (never the replicator's role)
            cli.run(TARGET_REGION, "s3api", "delete-object", "--bucket", bucket, "--key", "locked.txt",
                    "--version-id", version, "--bypass-governance-retention");
        } else {
            assertThatThrownBy(() -> cli.run(TARGET_REGION, "s3api", "delete-object", "--bucket", bucket,
                    "--key", "locked.txt", "--version-id", version, "--bypass-governance-retention"))
                    .hasMessageContaining("AccessDenied");
        }
    }

    // ---- helpers

    private static void deploy(String stack, String region, String... parameters) throws Exception {
        List<String> args = new ArrayList<>(List.of("cloudformation", "deploy", "--template-file", TEMPLATE.toString(),
                "--stack-name", stack, "--capabilities", "CAPABILITY_NAMED_IAM", "--parameter-overrides"));
        args.addAll(List.of(parameters));
        cli.run(region, args.toArray(String[]::new));
    }

    /** {@code create-stack}, after which moto, unlike after {@code deploy}, reports the stack's outputs. */
    private static void createStack(String stack, String region, String... parameters) throws Exception {
        List<String> args = new ArrayList<>(List.of("cloudformation", "create-stack", "--template-body",
                "file://" + TEMPLATE.toAbsolutePath(), "--stack-name", stack, "--capabilities", "CAPABILITY_NAMED_IAM",
                "--parameters"));
        for (String parameter : parameters) {
            String[] pair = parameter.split("=", 2);
            args.add("ParameterKey=" + pair[0] + ",ParameterValue=" + pair[1]);
        }
        cli.run(region, args.toArray(String[]::new));
        cli.run(region, "cloudformation", "wait", "stack-create-complete", "--stack-name", stack);
    }

    /** Logical id to physical id of what the stack created (moto also lists the resources it skipped, unnamed). */
    private static Map<String, String> resources(String stack, String region) throws Exception {
        Map<String, String> resources = new HashMap<>();
        for (JsonNode resource : cli.json(region, "cloudformation", "describe-stack-resources", "--stack-name", stack)
                .path("StackResources")) {
            if (!resource.path("LogicalResourceId").asText().isEmpty()) {
                resources.put(resource.get("LogicalResourceId").asText(), resource.get("PhysicalResourceId").asText());
            }
        }
        return resources;
    }

    private static Map<String, String> outputs(String stack, String region) throws Exception {
        Map<String, String> outputs = new HashMap<>();
        for (JsonNode output : cli.json(region, "cloudformation", "describe-stacks", "--stack-name", stack)
                .at("/Stacks/0/Outputs")) {
            outputs.put(output.get("OutputKey").asText(), output.get("OutputValue").asText());
        }
        return outputs;
    }

    /** config/'s placeholders, filled in with what the stacks were given. */
    private static Map<String, String> values(String sourceBucket, String targetBucket, String queue, String dlq,
                                              String heldQueue, String role) {
        Map<String, String> values = new HashMap<>();
        values.put("ACCOUNT_ID", account);
        values.put("SOURCE_REGION", SOURCE_REGION);
        values.put("SOURCE_BUCKET", sourceBucket);
        values.put("TARGET_BUCKET", targetBucket);
        values.put("QUEUE_NAME", queue);
        values.put("DLQ_NAME", dlq);
        values.put("HELD_QUEUE_NAME", heldQueue);
        values.put("ROLE_NAME", role);
        values.put("STATE_BUCKET", "s3-dr-replicator-state");
        values.put("NONCURRENT_DAYS", "30");
        values.put("DELETE_DELAY_DAYS", "30");
        values.put("OIDC_PROVIDER", OIDC_PROVIDER);
        values.put("NAMESPACE", "s3-dr-replicator");
        values.put("SERVICE_ACCOUNT", "s3-dr-replicator");
        return values;
    }

    /** A config/ file filled in, as a file:// argument. */
    private static String filled(String name, Map<String, String> values) throws IOException {
        return cli.file(name, ConfigFiles.fill(name, values));
    }

    private void assertQueueHasTheAttributesOfItsConfigFile(String queue, Map<String, String> values)
            throws Exception {
        String url = cli.json(SOURCE_REGION, "sqs", "get-queue-url", "--queue-name", queue).get("QueueUrl").asText();
        JsonNode actual = cli.json(SOURCE_REGION, "sqs", "get-queue-attributes", "--queue-url", url,
                "--attribute-names", "All").get("Attributes");
        JsonNode expected = JSON.readTree(ConfigFiles.fill("queue-attributes.json", values));
        expected.fields().forEachRemaining(attribute -> {
            String name = attribute.getKey();
            if (name.equals("RedrivePolicy")) {
                JsonNode redrive = read(actual.path(name).asText());
                JsonNode wanted = read(attribute.getValue().asText());
                assertThat(redrive.path("deadLetterTargetArn").asText())
                        .isEqualTo(wanted.path("deadLetterTargetArn").asText());
                assertThat(redrive.path("maxReceiveCount").asText()).isEqualTo(wanted.path("maxReceiveCount").asText());
            } else {
                assertThat(actual.path(name).asText()).as("queue attribute %s", name)
                        .isEqualTo(attribute.getValue().asText());
            }
        });
    }

    /**
     * A policy document as get-role-policy returns it: JSON from AWS, Python's repr of the document from moto, with
     * {@code None} in place of the statements the template leaves out with AWS::NoValue.
     */
    private static JsonNode policyDocument(JsonNode document) throws IOException {
        if (document.isObject()) {
            return document;
        }
        String text = document.asText();
        if (!text.startsWith("{\"")) {
            text = text.replace('\'', '"').replace(": None", ": null").replace(", None", ", null")
                    .replace("[None", "[null").replace("True", "true").replace("False", "false");
        }
        ObjectNode policy = (ObjectNode) JSON.readTree(text);
        ArrayNode statements = JSON.createArrayNode();
        policy.path("Statement").forEach(statement -> {
            if (!statement.isNull()) {
                statements.add(statement);
            }
        });
        policy.set("Statement", statements);
        return policy;
    }

    private static List<String> ruleIds(JsonNode lifecycle) {
        List<String> ids = new ArrayList<>();
        lifecycle.path("Rules").forEach(rule -> ids.add(rule.path("ID").asText()));
        return ids;
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static String yamlValue(Path file, String key) throws IOException {
        Matcher matcher = Pattern.compile(Pattern.quote(key) + ":\\s*(\\S+)").matcher(Files.readString(file));
        assertThat(matcher.find()).as("%s in %s", key, file).isTrue();
        return matcher.group(1);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** moto, with the names the stacks gave the buckets and queues. */
    private record StackEnvironment(String endpoint, Map<String, String> names) implements AwsTestEnvironment {

        @Override
        public String s3Endpoint() {
            return endpoint;
        }

        @Override
        public String sqsEndpoint() {
            return endpoint;
        }

        @Override
        public Map<String, String> replicatorProperties() {
            Map<String, String> properties = new HashMap<>(AwsTestEnvironment.super.replicatorProperties());
            properties.putAll(names);
            return properties;
        }

        @Override
        public void close() {
        }
    }
}
