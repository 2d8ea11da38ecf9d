package io.github.s3drreplicator.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A bucket's objects as an S3 Inventory report lists them, in S3's listing order (UTF-8 byte order of the keys), to
 * stand in for {@link BucketListing} where listing the bucket would take too long.
 *
 * <p>{@link #open} reads the report's {@code manifest.json} and every CSV data file it names, checks each file
 * against the manifest's MD5, keeps the current version of each object (an all-versions report lists every version
 * and delete marker) whose decoded key starts with the prefix, and sorts them. AWS documents no order of the rows,
 * within a file or across files, so the entries go through an external merge sort: {@code chunkSize} entries in
 * memory at a time, the rest in temporary files that {@link #close()} deletes. Memory stays flat for hundreds of
 * millions of keys; the temporary files take about as much disk as the compressed report.
 *
 * <p>Only CSV reports are read: Parquet and ORC need libraries that bring Hadoop along. Each entry has the size,
 * ETag and last-modified time if the report has the {@code Size}, {@code ETag} and {@code LastModifiedDate} fields
 * (otherwise -1, {@code null}, {@code null}). A key the report lists more than once is yielded once.
 *
 * <p>A report is a snapshot up to a day or a week old, and eventually consistent: what it says of a key must be
 * checked against the bucket before acting on it.
 */
public final class InventoryListing implements Iterator<ListedObject>, AutoCloseable {

    /** Entries held in memory while sorting: some 25 MB of heap for typical keys. */
    public static final int DEFAULT_CHUNK_SIZE = 100_000;
    /** Sorted runs merged at once; more than this are merged in several passes. */
    static final int DEFAULT_FAN_IN = 64;

    private static final Logger LOG = LoggerFactory.getLogger(InventoryListing.class);
    private static final String SCHEME = "s3://";

    private final InventoryManifest manifest;
    private final Path directory;
    private final InventorySorter sorter;
    private InventoryRun entries;
    private ListedObject next;
    private String lastKey;
    private boolean closed;

    private InventoryListing(InventoryManifest manifest, Path directory, InventorySorter sorter) {
        this.manifest = manifest;
        this.directory = directory;
        this.sorter = sorter;
    }

    /**
     * Reads the report whose manifest is at {@code manifestUri}, holding {@link #DEFAULT_CHUNK_SIZE} entries in
     * memory and spilling the rest under the system's temporary directory.
     *
     * @param manifestUri {@code s3://bucket/path/manifest.json}
     * @param prefix      only keys starting with this ({@code ""} for all)
     */
    public static InventoryListing open(S3Client s3, String manifestUri, String prefix) throws IOException {
        return open(s3, manifestUri, prefix, DEFAULT_CHUNK_SIZE, null);
    }

    /**
     * Reads the report whose manifest is at {@code manifestUri}.
     *
     * @param manifestUri   {@code s3://bucket/path/manifest.json}
     * @param prefix        only keys starting with this ({@code ""} for all)
     * @param chunkSize     entries sorted in memory at a time
     * @param tempDirectory where to create the directory for the sorted runs, or {@code null} for the system's
     * @throws IOException              when the report cannot be read, or a data file does not match its MD5
     * @throws IllegalArgumentException when the URI is not an {@code s3://} URI or the report is not CSV
     */
    public static InventoryListing open(S3Client s3, String manifestUri, String prefix, int chunkSize,
                                        Path tempDirectory) throws IOException {
        return open(s3, manifestUri, prefix, chunkSize, DEFAULT_FAN_IN, tempDirectory);
    }

    static InventoryListing open(S3Client s3, String manifestUri, String prefix, int chunkSize, int fanIn,
                                 Path tempDirectory) throws IOException {
        String[] location = bucketAndKey(manifestUri);
        String bucket = location[0];
        InventoryManifest manifest = readManifest(s3, bucket, location[1]);
        if (!"CSV".equalsIgnoreCase(manifest.fileFormat())) {
            throw new IllegalArgumentException("the inventory at " + manifestUri + " is " + manifest.fileFormat()
                    + "; only CSV inventories are read (set the inventory configuration's Format to CSV)");
        }
        Path directory = tempDirectory == null ? Files.createTempDirectory("inventory-listing-")
                : Files.createTempDirectory(tempDirectory, "inventory-listing-");
        InventoryListing listing = new InventoryListing(manifest, directory,
                new InventorySorter(directory, chunkSize, fanIn));
        try {
            String dataBucket = manifest.destinationBucket() == null ? bucket : manifest.destinationBucket();
            int read = 0;
            for (InventoryManifest.DataFile file : manifest.files()) {
                long rows = listing.readDataFile(s3, dataBucket, file, prefix);
                LOG.info("Read inventory data file {}/{} ({} objects kept): s3://{}/{}", ++read,
                        manifest.files().size(), rows, dataBucket, file.key());
            }
            listing.entries = listing.sorter.sorted();
            return listing;
        } catch (IOException | RuntimeException e) {
            listing.close();
            throw e;
        }
    }

    /**
     * The bucket the report at {@code manifestUri} lists, from its manifest alone: to know whether a report serves
     * before reading and sorting it.
     */
    public static String sourceBucketOf(S3Client s3, String manifestUri) throws IOException {
        String[] location = bucketAndKey(manifestUri);
        return readManifest(s3, location[0], location[1]).sourceBucket();
    }

    private static String[] bucketAndKey(String manifestUri) {
        int slash = manifestUri == null || !manifestUri.startsWith(SCHEME) ? -1
                : manifestUri.indexOf('/', SCHEME.length());
        if (slash <= SCHEME.length() || slash == manifestUri.length() - 1) {
            throw new IllegalArgumentException("not an s3://bucket/key URI: " + manifestUri);
        }
        return new String[] {manifestUri.substring(SCHEME.length(), slash), manifestUri.substring(slash + 1)};
    }

    /** The bucket the report lists, as its manifest names it. */
    public String sourceBucket() {
        return manifest.sourceBucket();
    }

    /**
     * Whether the report has what a comparison of content needs: without the {@code Size} and {@code ETag} fields,
     * every object would compare as changed.
     */
    public boolean hasSizeAndETag() {
        return manifest.fileSchema().contains("Size") && manifest.fileSchema().contains("ETag");
    }

    /** When S3 began scanning the bucket for this report, or {@code null} if the manifest does not say. */
    public Instant creationTimestamp() {
        return manifest.creationTimestamp();
    }

    private static InventoryManifest readManifest(S3Client s3, String bucket, String key) throws IOException {
        byte[] json = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        // S3 writes manifest.checksum, the MD5 of manifest.json, beside it once the report is delivered
        String checksumKey = key.substring(0, key.lastIndexOf('/') + 1) + "manifest.checksum";
        try {
            String expected = s3.getObjectAsBytes(r -> r.bucket(bucket).key(checksumKey)).asUtf8String().trim();
            String actual = HexFormat.of().formatHex(md5().digest(json));
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException("s3://" + bucket + "/" + key + " has MD5 " + actual + " but "
                        + checksumKey + " says " + expected);
            }
        } catch (NoSuchKeyException absent) {
            LOG.warn("No s3://{}/{}: the report may not be complete yet; its manifest is used unchecked", bucket,
                    checksumKey);
        }
        return InventoryManifest.parse(json);
    }

    /** Feeds the wanted entries of one data file to the sorter; returns how many. */
    private long readDataFile(S3Client s3, String bucket, InventoryManifest.DataFile file, String prefix)
            throws IOException {
        MessageDigest md5 = md5();
        long kept = 0;
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(bucket).key(file.key()));
             DigestInputStream digested = new DigestInputStream(object, md5);
             GZIPInputStream gunzipped = new GZIPInputStream(new LookAhead(digested), 64 * 1024);
             InventoryCsvReader rows = new InventoryCsvReader(new InputStreamReader(gunzipped, StandardCharsets.UTF_8),
                     manifest.fileSchema(), prefix)) {
            while (rows.hasNext()) {
                sorter.add(rows.next());
                kept++;
            }
            // whatever follows the last gzip member still counts for the MD5
            digested.transferTo(OutputStream.nullOutputStream());
        }
        if (file.md5() != null) {
            String actual = HexFormat.of().formatHex(md5.digest());
            if (!actual.equalsIgnoreCase(file.md5())) {
                throw new IOException("inventory data file s3://" + bucket + "/" + file.key() + " has MD5 " + actual
                        + " where the manifest says " + file.md5());
            }
        }
        return kept;
    }

    /**
     * GZIPInputStream reads a further gzip member only if it holds some of its bytes already or {@code available()}
     * says more can be read without blocking, which a network stream often does not say at a member boundary: it
     * would end the file early, without an error. Here {@code available()} waits for a byte to answer.
     */
    private static final class LookAhead extends PushbackInputStream {

        LookAhead(InputStream in) {
            super(in, 1);
        }

        @Override
        public int available() throws IOException {
            int available = super.available();
            if (available > 0) {
                return available;
            }
            int next = read();
            if (next < 0) {
                return 0;
            }
            unread(next);
            return 1;
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            throw new IllegalStateException("the inventory listing is closed");
        }
        while (next == null && entries.hasNext()) {
            ListedObject candidate = entries.next();
            int order = lastKey == null ? 1 : DriftFinder.compareKeys(candidate.key(), lastKey);
            if (order < 0) {
                throw new IllegalStateException("inventory entries out of order: " + candidate.key()
                        + " after " + lastKey);
            }
            if (order > 0) {
                next = candidate;
                lastKey = candidate.key();
            }
        }
        return next != null;
    }

    @Override
    public ListedObject next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ListedObject answer = next;
        next = null;
        return answer;
    }

    /** Deletes the temporary files; the listing cannot be read after. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sorter.close();
        } finally {
            deleteDirectory();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the inventory's temporary files in " + directory, e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }
}
