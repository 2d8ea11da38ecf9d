package io.github.s3drreplicator.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code manifest.json} S3 Inventory writes beside every report: which bucket it lists, in which format and
 * schema, and the data files that hold the list.
 *
 * @param destinationBucket the bucket holding the data files (the manifest names it by ARN)
 * @param fileSchema        the CSV columns in order, such as {@code Bucket}, {@code Key}, {@code Size}
 * @param creationTimestamp when S3 began scanning the bucket for this report, or {@code null} if not given
 */
record InventoryManifest(String sourceBucket, String destinationBucket, String fileFormat, List<String> fileSchema,
                         Instant creationTimestamp, List<DataFile> files) {

    /** One data file of the report. {@code md5} is hex, or {@code null} when the manifest gives none. */
    record DataFile(String key, long size, String md5) {
    }

    static InventoryManifest parse(byte[] json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        if (root == null || !root.isObject()) {
            throw new IOException("the inventory manifest is not a JSON object");
        }
        List<DataFile> files = new ArrayList<>();
        for (JsonNode file : root.path("files")) {
            String key = text(file, "key");
            if (key == null) {
                throw new IOException("an entry of the manifest's files has no key");
            }
            files.add(new DataFile(key, file.path("size").asLong(-1), text(file, "MD5checksum")));
        }
        String schema = text(root, "fileSchema");
        String created = text(root, "creationTimestamp");
        return new InventoryManifest(text(root, "sourceBucket"), bucketName(text(root, "destinationBucket")),
                text(root, "fileFormat"),
                schema == null ? List.of() : Arrays.stream(schema.split(",")).map(String::trim).toList(),
                created == null ? null : Instant.ofEpochMilli(Long.parseLong(created.trim())), List.copyOf(files));
    }

    /** {@code arn:aws:s3:::bucket} (in any partition) or a plain name, to the name. */
    private static String bucketName(String arnOrName) {
        if (arnOrName == null) {
            return null;
        }
        int at = arnOrName.lastIndexOf(":::");
        return at < 0 ? arnOrName : arnOrName.substring(at + 3);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
