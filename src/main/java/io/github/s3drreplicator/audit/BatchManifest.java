package io.github.s3drreplicator.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The keys an audit found to copy (missing, changed or with other metadata in DR), written as the CSV manifest an S3
 * Batch Operations Copy job reads: {@code bucket,key} a line, the key URL-encoded as Batch Operations wants it. Keys
 * only in DR are left out: a Copy job cannot delete them; so are keys whose tags alone differ, which need no copy.
 * See docs/audit-at-scale.md.
 */
final class BatchManifest implements AutoCloseable {

    private final BufferedWriter out;

    BatchManifest(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** @param sourceBucket the bucket of the pair the drift was found in, which the job copies from */
    synchronized void add(String sourceBucket, Drift drift) {
        if (drift.kind() != Drift.Kind.MISSING && drift.kind() != Drift.Kind.CHANGED
                && drift.kind() != Drift.Kind.METADATA) {
            return;
        }
        try {
            out.write(sourceBucket + "," + SdkHttpUtils.urlEncode(drift.key()));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
