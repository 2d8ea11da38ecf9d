package io.github.s3drreplicator.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Writes an S3 Inventory report the way S3 does (see docs/audit-at-scale.md): gzipped CSV data files without a
 * header, every field quoted, keys URL-encoded with a space as {@code +} and {@code /} left as is; a
 * {@code manifest.json} naming the files with their MD5, and {@code manifest.checksum}, the MD5 of the manifest.
 */
public final class InventoryReportWriter {

    /** The fields of a current-versions report with the optional fields the audit uses. */
    public static final List<String> CURRENT_VERSIONS =
            List.of("Bucket", "Key", "Size", "LastModifiedDate", "ETag", "StorageClass");
    /** The fields of an all-versions report: S3 adds VersionId, IsLatest and IsDeleteMarker. */
    public static final List<String> ALL_VERSIONS = List.of("Bucket", "Key", "VersionId", "IsLatest",
            "IsDeleteMarker", "Size", "LastModifiedDate", "ETag", "StorageClass", "IsMultipartUploaded");

    private static final String CONFIGURATION_ID = "s3-dr-replicator";
    private static final DateTimeFormatter LAST_MODIFIED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FOLDER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm'Z'").withZone(ZoneOffset.UTC);

    /** One row: an object version, or a delete marker (no size, ETag nor storage class). */
    public record Row(String key, String versionId, boolean latest, boolean deleteMarker, long size,
                      Instant lastModified, String eTag) {

        public static Row current(String key, long size, String eTag, Instant lastModified) {
            return new Row(key, UUID.randomUUID().toString(), true, false, size, lastModified, eTag);
        }

        public static Row noncurrent(String key, long size, String eTag, Instant lastModified) {
            return new Row(key, UUID.randomUUID().toString(), false, false, size, lastModified, eTag);
        }

        public static Row deleteMarker(String key, boolean latest, Instant lastModified) {
            return new Row(key, UUID.randomUUID().toString(), latest, true, -1, lastModified, null);
        }
    }

    /** Where the report is: the manifest's {@code s3://} URI and the keys of its data files, in manifest order. */
    public record Report(String manifestUri, List<String> dataFileKeys) {
    }

    private InventoryReportWriter() {
    }

    /** Writes one data file per list of rows, in the order given, and the manifest naming them. */
    public static Report write(S3Client s3, String destinationBucket, String sourceBucket, List<String> schema,
                               List<List<Row>> files) {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String base = "inventory/" + sourceBucket + "/" + CONFIGURATION_ID + "/";
        List<String> keys = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (List<Row> rows : files) {
            byte[] data = gzip(csv(sourceBucket, schema, rows));
            String key = base + "data/" + UUID.randomUUID() + ".csv.gz";
            s3.putObject(r -> r.bucket(destinationBucket).key(key), RequestBody.fromBytes(data));
            keys.add(key);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key);
            entry.put("size", data.length);
            entry.put("MD5checksum", md5(data));
            entries.add(entry);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("sourceBucket", sourceBucket);
        manifest.put("destinationBucket", "arn:aws:s3:::" + destinationBucket);
        manifest.put("version", "2016-11-30");
        manifest.put("creationTimestamp", Long.toString(created.toEpochMilli()));
        manifest.put("fileFormat", "CSV");
        manifest.put("fileSchema", String.join(", ", schema));
        manifest.put("files", entries);
        byte[] json = json(manifest);
        String folder = base + FOLDER.format(created) + "/";
        s3.putObject(r -> r.bucket(destinationBucket).key(folder + "manifest.json"), RequestBody.fromBytes(json));
        s3.putObject(r -> r.bucket(destinationBucket).key(folder + "manifest.checksum"),
                RequestBody.fromString(md5(json)));
        return new Report("s3://" + destinationBucket + "/" + folder + "manifest.json", List.copyOf(keys));
    }

    /** The CSV text of a data file: no header, every field quoted, one row per line. */
    static byte[] csv(String sourceBucket, List<String> schema, List<Row> rows) {
        StringBuilder csv = new StringBuilder();
        for (Row row : rows) {
            List<String> fields = new ArrayList<>();
            for (String column : schema) {
                fields.add(quote(field(column, sourceBucket, row)));
            }
            csv.append(String.join(",", fields)).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String field(String column, String sourceBucket, Row row) {
        return switch (column) {
            case "Bucket" -> sourceBucket;
            case "Key" -> encodeKey(row.key());
            case "VersionId" -> row.versionId();
            case "IsLatest" -> Boolean.toString(row.latest());
            case "IsDeleteMarker" -> Boolean.toString(row.deleteMarker());
            case "Size" -> row.deleteMarker() ? "" : Long.toString(row.size());
            case "LastModifiedDate" -> LAST_MODIFIED.format(row.lastModified());
            case "ETag" -> row.deleteMarker() ? "" : row.eTag();
            case "StorageClass" -> row.deleteMarker() ? "" : "STANDARD";
            case "IsMultipartUploaded" -> row.deleteMarker() ? "" : Boolean.toString(row.eTag().contains("-"));
            default -> "";
        };
    }

    /** As S3 Inventory encodes keys in CSV: form encoding of the UTF-8 bytes (space as +), with / left as is. */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String quote(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    /** One gzip member, as {@code gzip} writes it. */
    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
