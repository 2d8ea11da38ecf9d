package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqsOperationsTest {

    @ParameterizedTest
    @CsvSource({"AmazonSQS.ReceiveMessage,ReceiveMessage", "AmazonSQS.DeleteMessageBatch,DeleteMessageBatch",
            "AmazonSQS.ChangeMessageVisibility,ChangeMessageVisibility"})
    void theJsonProtocolNamesTheOperationInItsTargetHeader(String target, String operation) {
        assertThat(SqsOperations.fromTarget(target)).contains(operation);
    }

    @Test
    void theQueryProtocolNamesItInItsActionParameterInTheUrlOrTheForm() {
        assertThat(SqsOperations.fromTarget(null)).isEmpty();
        assertThat(SqsOperations.fromQuery("Version=2012-11-05&Action=GetQueueUrl&QueueName=q")).isEqualTo("GetQueueUrl");
        assertThat(SqsOperations.fromForm(Buffer.buffer("Action=SendMessage&MessageBody=a%26b"))).isEqualTo("SendMessage");
        assertThat(SqsOperations.fromQuery("QueueName=q")).isEqualTo(SqsOperations.UNKNOWN);
        assertThat(SqsOperations.formBody("application/x-www-form-urlencoded; charset=utf-8")).isTrue();
        assertThat(SqsOperations.formBody("application/x-amz-json-1.0")).isFalse();
    }
}
