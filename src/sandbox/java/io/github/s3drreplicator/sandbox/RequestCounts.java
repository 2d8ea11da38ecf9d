package io.github.s3drreplicator.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How many requests clients sent, per service and operation ({@code s3} → {@code HeadObject} → 12). One map look-up
 * and an uncontended add per request. The sandbox's own requests are not counted.
 */
final class RequestCounts {

    static final String S3 = "s3";
    static final String SQS = "sqs";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ConcurrentHashMap<String, LongAdder>> byService = Map.of(
            S3, new ConcurrentHashMap<>(), SQS, new ConcurrentHashMap<>());

    void count(String service, String operation) {
        byService.get(service).computeIfAbsent(operation, ignored -> new LongAdder()).increment();
    }

    /** Service to operation to count, both in name order; every service present, even without requests. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> answer = new TreeMap<>();
        byService.forEach((service, counts) -> {
            Map<String, Long> operations = new TreeMap<>();
            counts.forEach((operation, count) -> operations.put(operation, count.sum()));
            answer.put(service, operations);
        });
        return answer;
    }

    void reset() {
        byService.values().forEach(Map::clear);
    }

    /** {@code {"s3":{"HeadObject":12,...},"sqs":{"ReceiveMessage":40,...}}} */
    String json() {
        ObjectNode root = JSON.createObjectNode();
        snapshot().forEach((service, operations) -> {
            ObjectNode node = root.putObject(service);
            operations.forEach(node::put);
        });
        return root.toString();
    }
}
