package io.github.s3drreplicator.sandbox;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ, a real SQS protocol server, running in this JVM. */
final class ElasticMqServer implements AutoCloseable {

    private final SQSRestServer server;

    private ElasticMqServer(SQSRestServer server) {
        this.server = server;
    }

    /**
     * @param port           where it listens
     * @param advertisedPort the port its queue URLs name: the public one, when a proxy stands in front
     */
    static ElasticMqServer start(String host, int port, int advertisedPort) {
        SQSRestServer server = SQSRestServerBuilder
                .withInterface(host)
                .withPort(port)
                .withServerAddress(new NodeAddress("http", host, advertisedPort, ""))
                .start();
        server.waitUntilStarted();
        return new ElasticMqServer(server);
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
