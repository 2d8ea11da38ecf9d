package io.github.s3drreplicator.replicate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.github.s3drreplicator.ReplicatorConfiguration;
import io.github.s3drreplicator.config.Settings;
import io.github.s3drreplicator.observe.ReplicatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Produce;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.ReplaceInRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The YAML routes' wiring, in milliseconds and without any S3: a record goes through replicate-record and
 * reconcile-key to the write its step names, the write goes to the aws2-s3 endpoint of the pair's DR bucket with its
 * conditions, a 412 has the key decided again, and the outcome is counted. The steps are scripted; the S3 endpoints
 * are mocks.
 */
@CamelMainTest(configurationClasses = ReplicatorConfiguration.class,
        properties = {
            "camel.main.routes-include-pattern=classpath:routes/*.yaml",
            "camel.main.routes-exclude-pattern=**/consume-events.yaml,**/held-deletes.yaml,**/drift-audit.yaml,"
                    + "**/dead-letter.yaml",
            "camel.management.enabled=false",
            "camel.metrics.enabled=false",
            "replicator.retry.max-redeliveries=0",
            // the breaker keeps its count in the state bucket; DeleteBreakerTest and DeleteStormIT test it
            "replicator.delete.breaker.max-per-minute=0",
            "replicator.delete.breaker.max-per-hour=0"
        },
        mockEndpointsAndSkip = "direct:dead-letter",
        advices = {
            @AdviceRouteMapping(route = "copy-object", advice = ReconcileRoutesTest.DrBucketIsAMock.class),
            @AdviceRouteMapping(route = "delete-object", advice = ReconcileRoutesTest.DrBucketIsAMock.class),
            @AdviceRouteMapping(route = "tag-object", advice = ReconcileRoutesTest.DrBucketIsAMock.class)
        })
class ReconcileRoutesTest {

    private static final String RECORD = """
            {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"%s","eventTime":"2026-11-30T10:00:00.000Z",
             "s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"%s","size":10}}}""";

    /** The steps the reconciler decides, in order, whatever it would see. */
    static final Deque<ReconcileStep> SCRIPT = new ArrayDeque<>();

    private static final ObjectState V1 = new ObjectState(true, "e1", 10L, null, Map.of(),
            ObjectState.Headers.NONE, null, 0, null, false);

    @BeanInject
    CamelContext context;

    @Produce
    ProducerTemplate template;

    @EndpointInject("mock:dr-bucket")
    MockEndpoint dr;

    /** Every S3 request of the write routes goes to a mock instead. */
    public static class DrBucketIsAMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("aws2-s3:*").replace().to("mock:dr-bucket");
        }
    }

    /** A reconciler that takes its steps from the script instead of looking at S3. */
    @ReplaceInRegistry
    KeyReconciler keyReconciler = new KeyReconciler(null, new ReconcilePlanner(Clock.systemUTC(),
            Duration.ofSeconds(3)), 5) {
        @Override
        public void plan(KeyReplication r) {
            ReconcileStep step = SCRIPT.isEmpty() ? new ReconcileStep.Done("already-in-sync") : SCRIPT.poll();
            if (step instanceof ReconcileStep.Done done) {
                r.skipped(done.reason());
            } else {
                r.step(step);
            }
        }
    };

    @BeforeEach
    void reset() {
        SCRIPT.clear();
        dr.reset();
    }

    private KeyReplication send(String eventName, String key) {
        Exchange done = template.send("direct:replicate-record", exchange -> exchange.getMessage().setBody(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(RECORD.formatted(eventName, key))));
        assertThat(done.getException()).isNull();
        return done.getProperty(KeyReplication.PROPERTY, KeyReplication.class);
    }

    private double counted(String name) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("replicatorMetrics",
                ReplicatorMetrics.class).registry();
        var counter = registry.find(name).tag("pair", "default").counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aCopyStepSendsOneConditionalCopyObjectToTheDrBucketAndCountsIt() throws Exception {
        SCRIPT.add(new ReconcileStep.Copy("prod-bucket", V1, Destination.ABSENT, null, null, false,
                ReconcileStep.Copy.Purpose.REPLICATE));
        dr.whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(CopyObjectResponse.builder()
                .copyObjectResult(c -> c.eTag("\"e1\"")).build()));
        double before = counted("replicator.objects.copied");

        KeyReplication r = send("ObjectCreated:Put", "a ${key}");

        dr.assertIsSatisfied();
        assertThat(dr.getReceivedExchanges()).hasSize(1);
        CopyObjectRequest copy = dr.getReceivedExchanges().get(0).getMessage().getBody(CopyObjectRequest.class);
        assertThat(copy.destinationKey()).isEqualTo("a ${key}");
        assertThat(copy.copySourceIfMatch()).isEqualTo("\"e1\"");
        assertThat(copy.ifNoneMatch()).isEqualTo("*");
        assertThat(r.getOutcome()).isEqualTo("copied");
        assertThat(counted("replicator.objects.copied")).isEqualTo(before + 1);
    }

    @Test
    void aWriteRefusedBecauseTheKeyChangedHasItDecidedAgain() {
        SCRIPT.add(new ReconcileStep.Copy("prod-bucket", V1, Destination.ABSENT, null, null, false,
                ReconcileStep.Copy.Purpose.REPLICATE));
        SCRIPT.add(new ReconcileStep.Done("already-in-sync"));
        dr.whenAnyExchangeReceived(exchange -> {
            throw S3Exception.builder().statusCode(412).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("PreconditionFailed").build()).build();
        });

        KeyReplication r = send("ObjectCreated:Put", "raced");

        assertThat(r.conflicts()).isEqualTo(1);
        assertThat(r.getOutcome()).isEqualTo("skipped:already-in-sync");
        assertThat(SCRIPT).isEmpty();
    }

    @Test
    void aWaitStepPausesThenHasBothSidesLookedAtAgainWithoutAWrite() {
        SCRIPT.add(new ReconcileStep.Wait(Duration.ofMillis(50)));
        SCRIPT.add(new ReconcileStep.Done("already-in-sync"));

        KeyReplication r = send("ObjectRemoved:Delete", "fresh deletion");

        assertThat(r.hasWaited()).isTrue();
        assertThat(r.conflicts()).as("no conflict").isZero();
        assertThat(r.getOutcome()).isEqualTo("skipped:already-in-sync");
        assertThat(dr.getReceivedExchanges()).isEmpty();
        assertThat(SCRIPT).isEmpty();
    }

    @Test
    void aDeleteStepSendsADeleteConditionedOnTheObjectSeen() {
        SCRIPT.add(new ReconcileStep.Delete(Destination.of(V1)));

        KeyReplication r = send("ObjectRemoved:Delete", "gone");

        DeleteObjectRequest delete = dr.getReceivedExchanges().get(0).getMessage().getBody(DeleteObjectRequest.class);
        assertThat(delete.bucket()).isEqualTo("dr-bucket");
        assertThat(delete.ifMatch()).isEqualTo("\"e1\"");
        assertThat(r.getOutcome()).isEqualTo("deleted");
    }

    @Test
    void aTagStepTagsTheVersionSeen() {
        SCRIPT.add(new ReconcileStep.Tag(Map.of("team", "x"), "v7", false));

        KeyReplication r = send("ObjectTagging:Put", "tagged");

        PutObjectTaggingRequest tags = dr.getReceivedExchanges().get(0).getMessage()
                .getBody(PutObjectTaggingRequest.class);
        assertThat(tags.versionId()).isEqualTo("v7");
        assertThat(r.getOutcome()).isEqualTo("tags-synced");
    }

    @Test
    void recordsThatChangeNothingInDrEndAsSkipsWithoutAnyWrite() {
        assertThat(send("ObjectRestore:Completed", "restored").getOutcome())
                .isEqualTo("skipped:unsupported-event-type");
        assertThat(dr.getReceivedExchanges()).isEmpty();
        assertThat(List.of(Settings.SOURCE_BUCKET.defaultValue())).containsExactly("prod-bucket");
    }

    private static final String REPAIR = """
            {"eventVersion":"2.1","eventSource":"s3-dr-replicator:audit","eventName":"%s",
             "eventTime":"2026-11-30T10:00:00.000Z","s3":{"bucket":{"name":"prod-bucket"},"object":{"key":"%s"}},
             "replicator":{"pair":"%s","drift":"missing"}}""";

    @EndpointInject("mock:direct:dead-letter")
    MockEndpoint deadLetters;

    private double repairs(String outcome) {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("replicatorMetrics",
                ReplicatorMetrics.class).registry();
        var counter = registry.find("replicator.repairs").tag("pair", "default").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private Exchange sendRepair(String eventName, String key, String pair) {
        return template.send("direct:replicate-record", exchange -> exchange.getMessage().setBody(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(REPAIR.formatted(eventName, key, pair))));
    }

    @Test
    void aRepairRecordFromTheQueueIsTheAuditsButTheServiceAppliesAndCountsIt() {
        SCRIPT.add(new ReconcileStep.Copy("prod-bucket", V1, Destination.ABSENT, null, null, false,
                ReconcileStep.Copy.Purpose.REPLICATE));
        dr.whenAnyExchangeReceived(exchange -> exchange.getMessage().setBody(CopyObjectResponse.builder()
                .copyObjectResult(c -> c.eTag("\"e1\"")).build()));
        double copied = repairs("copied");
        double skipped = repairs("skipped");

        Exchange done = sendRepair("ObjectCreated:Audit", "backfilled", "default");
        KeyReplication r = done.getProperty(KeyReplication.PROPERTY, KeyReplication.class);
        sendRepair("ObjectCreated:Audit", "already there", "default");

        assertThat(done.getException()).isNull();
        assertThat(r.origin()).isEqualTo(KeyReplication.Origin.AUDIT);
        // its failures go to the dead-letter queue and its held deletes to the held-deletes queue, as an event's
        assertThat(r.reportsItself()).isFalse();
        assertThat(r.getOutcome()).isEqualTo("copied");
        assertThat(repairs("copied")).isEqualTo(copied + 1);
        assertThat(repairs("skipped")).isEqualTo(skipped + 1);
    }

    @Test
    void aRepairRecordNamingAnotherPairThanTheKeysIsDeadLettered() throws Exception {
        deadLetters.reset();
        deadLetters.expectedMessageCount(1);

        sendRepair("ObjectRemoved:Audit", "elsewhere", "logs");

        deadLetters.assertIsSatisfied();
        assertThat(deadLetters.getReceivedExchanges().get(0).getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class))
                .hasMessageContaining("names bucket pair 'logs'");
        assertThat(dr.getReceivedExchanges()).isEmpty();
    }
}
